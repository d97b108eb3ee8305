"""scitui: a terminal newsroom for science and technology policy."""

__version__ = "0.1.0"
