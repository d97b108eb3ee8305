"""Import boundaries: the CLI and core never load Textual, and reading commands stay light."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]


def run_python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter whose home and database are in tmp_path."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "SCITUI_DB": str(tmp_path / "s.db"),
    }
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_cli_and_library_do_not_import_textual(tmp_path):
    result = run_python(
        """
        import sys
        import scitui.cli
        import scitui.library
        import scitui.cli.output
        import scitui.opml
        import scitui.demo
        loaded = sorted(name for name in sys.modules
                        if name == "textual" or name.startswith("textual."))
        assert not loaded, loaded
        assert "scitui.library" in sys.modules
        print("ok")
    """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["show", "1"],
        ["tags"],
        ["search", "chips", "--json"],
        ["where"],
    ],
)
def test_reading_commands_do_not_import_the_fetch_stack(tmp_path, args):
    result = run_python(
        f"""
        import sys
        from click.testing import CliRunner
        from scitui.cli import main

        result = CliRunner().invoke(main, {args!r})
        assert result.exception is None or isinstance(result.exception, SystemExit), result
        heavy = ("feedparser", "readability", "httpx", "textual", "lxml", "nh3", "tomlkit")
        loaded = sorted(name for name in heavy if name in sys.modules)
        assert not loaded, loaded
        print("exit", result.exit_code)
    """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("exit ")
    assert (tmp_path / "s.db").is_file() == (args != ["where"])


def test_the_subprocess_check_can_fail(tmp_path):
    """The check above would notice: importing the parsers does load feedparser and httpx."""
    result = run_python(
        """
        import sys
        import scitui.feeds, scitui.retrieve
        print("feedparser" in sys.modules, "httpx" in sys.modules)
    """,
        tmp_path,
    )
    assert result.stdout == "True True\n", result.stderr


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed beside this Python")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
