"""A real round made from nothing through the core, for tests: no demo, real 360Giving data.

`build_round` makes an empty file, a round on a shipped rubric, imports the first few grants of the
A B Charitable Trust's published 360Giving file (with an offer column of the applicant's added, so
there is a commitment to monitor), adds two assessors, scores every criterion through the core,
submits, moderates one criterion, decides down the ranking and takes the round to monitoring with
one delivery recorded. Each step is the same core call the window and the command line make.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from svassessor.clock import Clock
from svassessor.models import Delivery
from svassessor.panel.actions import decide_many, down_the_ranking
from svassessor.rubric.loader import shipped_rubrics
from svassessor.rubric.model import Rubric
from svassessor.store import Store
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "360giving"
ABCT = DATA / "abct-ab-charitable-trust-grants-2013-2020.csv"
TODAY = date(2026, 6, 30)  # the store's clock: nothing here depends on the day the tests run
FUNDER = {"funder_name": "Example Community Foundation", "funder_org_id": "GB-CHC-1234567",
          "funder_identifier": "360G-EXAMPLE"}
OFFER_COLUMNS = {"Offer": "offer.description", "Offer quantity": "offer.quantity", "Offer unit": "offer.unit",
                 "Beneficiary group": "offer.beneficiary_group"}
ASSESSORS = ("Grants officer A", "Grants officer B")


def shipped(name: str) -> Path:
    return next(p for p in shipped_rubrics().values() if p.stem == name)


def small_abct(folder: Path, rows: int = 8) -> Path:
    """The first `rows` grants of the real ABCT file, each with one offer an applicant might make."""
    with ABCT.open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        grants = [next(reader) for _ in range(rows)]
        headers = [*reader.fieldnames, *OFFER_COLUMNS]
    path = folder / "abct-first-grants.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, headers)
        writer.writeheader()
        for i, grant in enumerate(grants):
            writer.writerow({**grant, "Offer": "Advice sessions for people seeking asylum",
                             "Offer quantity": 20 + 5 * i, "Offer unit": "sessions",
                             "Beneficiary group": "People seeking asylum"})
    return path


def sheet_score(rubric: Rubric, criterion_id: str, position: int, assessor: int) -> int:
    """A deterministic score that makes a what-if move the ranking: even positions are strong on quality
    and weak on social value, odd ones the other way round, so the order of each pair turns between a
    10% and a 30% social value weight. The last pair falls below the quality pass marks (to be declined);
    the second assessor now and then gives social value a level more (a spread)."""
    values = rubric.scale_for(criterion_id).values
    top = len(values) - 1
    if rubric.theme_of(criterion_id).part == "quality":
        level = 1 if position >= 6 else top if position % 2 == 0 else top - 1
    else:
        level = 1 if position % 2 == 0 else top
        if assessor == 1 and position % 3 == 0:
            level = min(level + 1, top)
    return values[level]


@dataclass(frozen=True)
class Built:
    path: Path
    round_name: str
    rubric: str
    funded: int


def build_round(folder: Path, rubric_name: str, *, status: str = "monitoring") -> Built:
    """A round on `rubric_name` from nothing, taken to `status` (moderation, decided or monitoring)."""
    from svassessor.importing import import_applications, plan_import

    path = folder / f"{rubric_name}.svdb"
    source = small_abct(folder)
    rubric_path = shipped(rubric_name)
    name = f"Open Programme ({rubric_name})"
    with Store.open(path, actor="Panel chair", create=True, clock=Clock(TODAY)) as store:
        round_ = store.rounds.create(name=name, rubric_yaml=rubric_path.read_text(encoding="utf-8"),
                                     rubric_filename=rubric_path.name, **FUNDER)
        rubric = store.rounds.rubric(round_)
        plan = plan_import(source, mapping=OFFER_COLUMNS, tender=rubric.kind == "tender")
        import_applications(store, round_, plan)
        applications = store.applications.for_round(round_)
        asked = [a.price if rubric.kind == "tender" else a.amount_requested for a in applications]
        round_ = store.rounds.update(round_, budget=Decimal(int(sum(asked) * Decimal("0.4"))),
                                     opens=date(2026, 1, 5), closes=date(2026, 2, 27))
        people = [store.assessors.add(round_, name=n) for n in ASSESSORS]
        round_ = store.rounds.set_status(round_, "scoring")
        for position, app in enumerate(sorted(applications, key=lambda a: a.reference)):
            for number, person in enumerate(people):
                for criterion in rubric.criteria:
                    store.assessments.set_score(round_, person, app.id, criterion.id,
                                                score=sheet_score(rubric, criterion.id, position, number),
                                                comment="As the evidence in the application shows.")
                store.assessments.submit(round_, person, app.id)
        round_ = store.rounds.set_status(round_, "moderation")
        first = rubric.criteria[0]
        store.panel.moderate(round_, applications[0], first.id, score=rubric.scale_for(first.id).values[-1],
                             rationale="The panel agreed the evidence is strong.")
        saved = decide_many(store, round_, down_the_ranking(store, round_))
        funded = [d for d in saved if d.decision == "fund"]
        if status == "moderation":
            return Built(path, name, rubric_name, len(funded))
        round_ = store.rounds.set_status(round_, "decided")
        if status == "monitoring":
            round_ = store.rounds.set_status(round_, "monitoring")
            offer = store.applications.by_id(funded[0].application_id).offers[0]
            store.deliveries.record(round_, Delivery(
                offer_id=offer.id, on=date(2026, 6, 1), quantity=12, status="on_track",
                evidence="Session registers", story="Twelve advice sessions held in the first term.",
                recorded_by="Panel chair"))
    return Built(path, name, rubric_name, len(funded))


def let_explanations_stand(store: Store, round_, reason: str = "Reviewed with the panel.") -> list:
    """The chair lets stand every explanation the summaries' checker questions (this world's stock comments,
    "As the evidence in the application shows."); returns the summaries."""
    from svassessor.summaries import checked

    _, found, asked = checked(store, round_)
    for q in asked:
        store.overrides.override(round_, store.applications.get(round_, q.reference), q.criterion_id, q.kind, reason)
    return found
