"""Widgets and a table model that several windows share; no window's own logic lives here."""
