"""The rows of an anonymised round's assessor file: as the chair's file holds them, with every value that
would identify an applicant replaced by what the assessor is shown (`anonymity.view`).

The prepared file's audit log is written from these rows (its log starts with the rows copied into
it), so no event in it holds an original value either. Attachments are not copied at all, and a
highlight the assessor made on text that is no longer what they are shown (made while the round was
named) is left out rather than carry its quote into the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from svassessor.anonymity.view import RedactedApplication

RowChange = Callable[[str, dict], dict | None]
_OFFER_TEXT = ("description", "unit", "beneficiary_group", "place", "timeframe", "evidence")


def redactor(seen: dict[str, RedactedApplication]) -> RowChange:
    """A function giving each copied row as the assessor may hold it, or None to leave it out."""
    narratives = {n.id: n for r in seen.values() for n in r.application.narrative}
    offers = {o.id: o for r in seen.values() for o in r.application.offers}

    def change(table: str, row: dict) -> dict | None:
        if table == "applications":
            app = seen[row["id"]].application
            return {**row, "org_name": app.organisation.name, "org_registration": None, "org_postcode": None,
                    "title": app.title, "summary": app.summary,
                    "extra": json.dumps(app.extra, sort_keys=True, ensure_ascii=False)}
        if table == "narratives":
            answer = narratives[row["id"]]
            return {**row, "question": answer.question, "text": answer.text, "source": answer.source}
        if table == "offers":
            offer = offers[row["id"]]
            return {**row, **{f: getattr(offer, f) for f in _OFFER_TEXT}}
        if table == "attachments":
            return None
        if table == "annotations":
            on = narratives.get(row["narrative_id"])
            fits = on is not None and on.text[row["start"]:row["end"]] == row["quote"]
            return row if fits else None
        return row

    return change
