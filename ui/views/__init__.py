"""The three panes of the window, one module each, and the widgets they share."""
