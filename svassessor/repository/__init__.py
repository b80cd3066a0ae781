"""The repository: the only place SQL is written; it returns the domain models of `svassessor.models`."""
