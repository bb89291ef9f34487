"""tui-reader: a keyboard-driven terminal reader and annotator for close reading."""

__version__ = "0.1.0"
