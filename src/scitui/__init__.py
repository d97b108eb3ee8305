"""scitui: a terminal newsroom for science and technology policy."""

import sys

__version__ = "0.1.0"

# httpx's package imports its command-line client (rich, pygments and click: a quarter of a
# no-change fetch's start-up) unless that import fails; scitui never runs that client.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
