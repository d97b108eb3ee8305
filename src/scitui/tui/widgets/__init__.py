"""The reader's widgets, one family per module."""
