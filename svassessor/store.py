"""An open .svdb file with its repositories: what the CLI and the window hold while working.

The actor is the person whose name goes on every audit event written through this store; the clock
is the day its rules go by (the system's, or a fixed one a test hands it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from svassessor.clock import SYSTEM_CLOCK, Clock
from svassessor.repository.annotations import Annotations
from svassessor.repository.anonymity import Anonymity
from svassessor.repository.applications import Applications
from svassessor.repository.assessments import Assessments
from svassessor.repository.assessors import Assessors
from svassessor.repository.assignments import Assignments
from svassessor.repository.attachments import Attachments
from svassessor.repository.deliveries import Deliveries
from svassessor.repository.delivery_files import DeliveryFiles
from svassessor.repository.erasures import Erasures
from svassessor.repository.history import History
from svassessor.repository.overrides import Overrides
from svassessor.repository.panel import Panel
from svassessor.repository.rounds import Rounds
from svassessor.repository.screenings import Screenings
from svassessor.storage.audit import AuditWriter
from svassessor.storage.database import Database, open_database


class Store:
    def __init__(self, database: Database, *, actor: str, clock: Clock = SYSTEM_CLOCK):
        self.database = database
        self.actor = actor
        self.clock = clock
        self.rounds = Rounds(self)
        self.applications = Applications(self)
        self.assessors = Assessors(self)
        self.assignments = Assignments(self)
        self.assessments = Assessments(self)
        self.attachments = Attachments(self)
        self.annotations = Annotations(self)
        self.panel = Panel(self)
        self.deliveries = Deliveries(self)
        self.delivery_files = DeliveryFiles(self)
        self.history = History(self)
        self.overrides = Overrides(self)
        self.screenings = Screenings(self)
        self.anonymity = Anonymity(self)
        self.erasures = Erasures(self)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, actor: str, create: bool = False, readonly: bool = False,
             clock: Clock = SYSTEM_CLOCK) -> Store:
        return cls(open_database(path, create=create, readonly=readonly), actor=actor, clock=clock)

    @contextmanager
    def change(self, actor: str | None = None) -> Iterator[AuditWriter]:
        """One user action: one transaction, its audit events written with it."""
        with self.database.transaction():
            yield AuditWriter(self.database, actor or self.actor)

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
