"""The .svdb file: one SQLite database per panel, with migrations and a hash-chained audit log."""
