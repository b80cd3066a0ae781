"""The panel's people and their declared conflicts of interest."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Application, Assessor, Role, Round, utc_now
from svassessor.repository.rows import assessor_model
from svassessor.storage.codec import dicts, new_id, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


class Assessors:
    def __init__(self, store: Store):
        self.store = store

    def add(self, round_: Round, *, name: str, role: Role = "assessor") -> Assessor:
        name = name.strip()
        if not name:
            raise NotAllowed("An assessor needs a name.")
        if any(a.name == name for a in self.for_round(round_)):
            raise NotAllowed(f"Round '{round_.name}' already has an assessor called '{name}'.")
        assessor = Assessor(round_id=round_.id, name=name, role=role)
        with self.store.change() as audit:
            audit.insert("assessors", {"id": assessor.id, "round_id": round_.id, "name": name, "role": role,
                                       "created_at": utc_text(utc_now())})
        return assessor

    def for_round(self, round_: Round) -> list[Assessor]:
        conn = self.store.database.conn
        conflicts: dict[str, list[str]] = defaultdict(list)
        for assessor_id, application_id in conn.execute(
                "SELECT c.assessor_id, c.application_id FROM conflicts c JOIN assessors s ON s.id = c.assessor_id "
                "WHERE s.round_id = ?", [round_.id]):
            conflicts[assessor_id].append(application_id)
        rows = dicts(conn.execute("SELECT * FROM assessors WHERE round_id = ? ORDER BY role DESC, name", [round_.id]))
        return [assessor_model(r, conflicts[r["id"]]) for r in rows]

    def get(self, round_: Round, name: str) -> Assessor:
        for assessor in self.for_round(round_):
            if assessor.name == name:
                return assessor
        known = ", ".join(f"'{a.name}'" for a in self.for_round(round_)) or "none yet"
        raise NotFound(f"Round '{round_.name}' has no assessor called '{name}' (its assessors: {known}).")

    def declare_conflict(self, assessor: Assessor, application: Application, *, reason: str) -> Assessor:
        """Record that an assessor must not open or score an application; their scores leave every statistic."""
        if application.id in assessor.conflicts:
            return assessor
        with self.store.change() as audit:
            audit.insert("conflicts", {"id": new_id(), "assessor_id": assessor.id, "application_id": application.id,
                                       "reason": reason, "declared_at": utc_text(utc_now())})
        return assessor.model_copy(update={"conflicts": [*assessor.conflicts, application.id]})

    def conflict_reason(self, assessor: Assessor, application_id: str) -> str | None:
        found = self.store.database.conn.execute(
            "SELECT reason FROM conflicts WHERE assessor_id = ? AND application_id = ?",
            [assessor.id, application_id]).fetchone()
        return None if found is None else found[0]
