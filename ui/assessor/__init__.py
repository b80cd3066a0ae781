"""The assessor's window: the list of applications, the application with its narrative and offers,
and the scoring panel; one module a view, with the Qt models they show."""
