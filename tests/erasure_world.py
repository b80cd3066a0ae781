"""A real round with applicants' personal data in every place it can be, for the erasure tests.

Made from an empty file through the core: the first grants of the A B Charitable Trust's published
360Giving file, with the contact columns a real application form has (a contact's name, e-mail and phone
number) and an offer; a narrative document (.txt) per applicant naming its contact; two assessors who
score, highlight and submit; moderation and decisions; a delivery report whose story names the contact
and which carries a file. Contacts are roles, not people: "Project coordinator 3".
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from svassessor.clock import Clock
from svassessor.importing import import_applications, plan_import
from svassessor.importing.narratives import attach_documents
from svassessor.models import Annotation, Delivery
from svassessor.panel.actions import decide_many, down_the_ranking
from svassessor.repository.delivery_files import DeliveryFile
from svassessor.store import Store
from tests.rounds_world import ABCT, FUNDER, OFFER_COLUMNS, shipped

TODAY = date(2026, 6, 30)
ROUND = "Open Programme 2026"
ASSESSORS = ("Grants officer A", "Grants officer B")


def contact(i: int) -> tuple[str, str, str]:
    """Applicant i's contact: a name (a role), an e-mail and a phone number (Ofcom's drama range)."""
    return f"Project coordinator {i:02d}", f"coordinator{i:02d}@applicant-{i:02d}.example", f"0121 496 0{i:03d}"


@dataclass(frozen=True)
class World:
    path: Path
    references: list[str]
    personal: dict[str, list[str]]  # reference → strings that must be gone after its erasure
    delivered: str | None  # the funded applicant with a delivery report (and its file)


def write_csv(folder: Path, rows: int) -> Path:
    with ABCT.open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        grants = [next(reader) for _ in range(rows)]
        headers = [*reader.fieldnames, *OFFER_COLUMNS, "Contact name", "Contact email", "Contact phone"]
    path = folder / "abct-with-contacts.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, headers)
        writer.writeheader()
        for i, grant in enumerate(grants):
            name, email, phone = contact(i)
            writer.writerow({**grant, "Offer": f"Advice sessions run by {name} for people seeking asylum",
                             "Offer quantity": 20 + i, "Offer unit": "sessions",
                             "Beneficiary group": "People seeking asylum", "Contact name": name,
                             "Contact email": email, "Contact phone": phone})
    return path


def build(folder: Path, rows: int = 6, *, monitoring: bool = True) -> World:
    path = folder / "erasure.svdb"
    source = write_csv(folder, rows)
    rubric = shipped("small-grants")
    personal: dict[str, list[str]] = {}
    with Store.open(path, actor="Panel chair", create=True, clock=Clock(TODAY)) as store:
        round_ = store.rounds.create(name=ROUND, rubric_yaml=rubric.read_text(encoding="utf-8"), **FUNDER)
        import_applications(store, round_, plan_import(source, mapping=OFFER_COLUMNS))
        apps = sorted(store.applications.for_round(round_), key=lambda a: a.reference)
        documents = []
        index = {app.reference: int(app.extra["Contact name"].rsplit(" ", 1)[1]) for app in apps}
        for app in apps:
            name, email, phone = contact(index[app.reference])
            doc = folder / f"{app.reference} answers.txt"
            doc.write_text(f"Who will run it?\n\nThe project is run by {name}, who can be reached on {phone} or "
                           f"at {email}. {name} has run advice sessions since 2019.\n", encoding="utf-8")
            documents.append((doc, app.reference))
            personal[app.reference] = [name, email, phone, app.organisation.name]
        attach_documents(store, round_, documents)
        round_ = store.rounds.update(round_, opens=date(2026, 1, 5), closes=date(2026, 2, 27), budget=Decimal(100000))
        people = [store.assessors.add(round_, name=n) for n in ASSESSORS]
        round_ = store.rounds.set_status(round_, "scoring")
        spec = store.rounds.rubric(round_)
        apps = sorted(store.applications.for_round(round_), key=lambda a: a.reference)
        for position, app in enumerate(apps):
            name = contact(index[app.reference])[0]
            answer = next(n for n in app.narrative if name in n.text)
            start = answer.text.index(name)
            store.annotations.add(round_, people[0], Annotation(
                application_id=app.id, assessor_id=people[0].id, narrative_id=answer.id, start=start,
                end=start + len(name), quote=name, tag="evidence", note="Named lead"))
            for number, person in enumerate(people):
                for criterion in spec.criteria:
                    values = spec.scale_for(criterion.id).values
                    store.assessments.set_score(round_, person, app.id, criterion.id,
                                                score=values[(position + number) % len(values)],
                                                comment="As the application shows.")
                store.assessments.submit(round_, person, app.id)
        round_ = store.rounds.set_status(round_, "moderation")
        first = spec.criteria[0]
        store.panel.moderate(round_, apps[0], first.id, score=spec.scale_for(first.id).values[-1],
                             rationale="The panel agreed the evidence is strong.")
        saved = decide_many(store, round_, down_the_ranking(store, round_))
        round_ = store.rounds.set_status(round_, "decided")
        delivered = None
        if monitoring:
            round_ = store.rounds.set_status(round_, "monitoring")
            funded = next(d for d in saved if d.decision == "fund")
            app = store.applications.by_id(funded.application_id)
            name, _, phone = contact(index[app.reference])
            delivered = app.reference
            store.deliveries.record(round_, Delivery(
                offer_id=app.offers[0].id, on=date(2026, 6, 1), quantity=12, status="on_track",
                evidence=f"Registers signed by {name}", story=f"{name} ran twelve sessions; families can call {phone}.",
                recorded_by="Panel chair"), files=[DeliveryFile(filename="register.txt",
                                                                  content=f"Register kept by {name}".encode())])
    return World(path, [a.reference for a in apps], personal, delivered)
