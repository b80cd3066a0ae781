"""Dialogs: each gathers input, makes one core call, and closes only when it succeeded."""
