"""The window: PySide6 widgets over the svassessor core. Nothing here writes SQL or computes a score."""
