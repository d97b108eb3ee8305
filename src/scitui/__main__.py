"""Run the CLI with ``python -m scitui``."""

from scitui.cli import main

if __name__ == "__main__":
    main()
