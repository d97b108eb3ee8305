"""Default locations of the config file and database (platformdirs), with overrides."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "scitui"
CONFIG_ENV = "SCITUI_CONFIG"
DB_ENV = "SCITUI_DB"


def config_override() -> Path | None:
    """The config file $SCITUI_CONFIG names, if it is set."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override).expanduser() if override else None


def default_config_path() -> Path:
    """The config file: $SCITUI_CONFIG, else the user config dir's ``scitui/config.toml``."""
    return config_override() or Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_db_path() -> Path:
    """The database: $SCITUI_DB, else the user data dir's ``scitui/scitui.db``."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "scitui.db"


def demo_db_path() -> Path:
    """The database of the bundled offline demo, beside the real one."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "demo.db"


def demo_config_path() -> Path:
    """The config of the bundled offline demo (its seven feeds; the built-in topics)."""
    return Path(str(resources.files("scitui.data").joinpath("demo", "config.toml")))
