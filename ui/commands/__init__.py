"""One QUndoCommand per user action, each making one core call; undo calls its inverse."""
