"""Qt item models over lists of core objects; columns are declared once, and no model touches SQLite."""
