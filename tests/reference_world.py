"""A round with real, long references, made from nothing: grants from a published 360Giving file,
brought in through the importer, and four references made here that sort differently as text.

`360G-LBFEW-177` sits between `-1769` and `-1776` when compared as text; a chair reads it first.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from svassessor.importing import import_applications, plan_import
from svassessor.models import Application, NarrativeAnswer, Organisation, Round
from svassessor.paths import rubrics_dir
from svassessor.store import Store
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "360giving"
WOLFSON = DATA / "wolfson-foundation-grants-2014.json"
MADE = {  # reference → (organisation, amount)
    "360G-LBFEW-1769": ("Lewisham Borough Food and Emergency Welfare Network", "9500"),
    "360G-LBFEW-177": ("Deptford Community Larder", "6200"),
    "360G-LBFEW-1776": ("Catford and Bellingham Tenants' Association", "12000"),
    "360G-LBFEW-100001": ("Sydenham Older People's Lunch Club", "7400"),
}
NATURAL = ["360G-LBFEW-177", "360G-LBFEW-1769", "360G-LBFEW-1776", "360G-LBFEW-100001"]


def published_extract(folder: Path, count: int) -> Path:
    """The first `count` grants of the Wolfson Foundation's published file, unchanged, as a package."""
    grants = json.loads(WOLFSON.read_text(encoding="utf-8"))["grants"][:count]
    path = folder / "wolfson-extract.json"
    path.write_text(json.dumps({"grants": grants}, ensure_ascii=False), encoding="utf-8")
    return path


def made(round_: Round, *, tender: bool) -> list[Application]:
    out = []
    for reference, (organisation, amount) in MADE.items():
        out.append(Application(
            round_id=round_.id, reference=reference, organisation=Organisation(name=organisation, postcode="SE6 4RU"),
            title=f"{organisation}: a year of weekly sessions", summary="Made in the test.",
            amount_requested=None if tender else Decimal(amount), price=None,
            narrative=[NarrativeAnswer(question="What need will your project meet?", text="Weekly sessions.")]))
    return out


def build_round(store: Store, folder: Path, *, rubric: str = "small-grants", name: str = "Long references",
                count: int = 6, budget: Decimal | None = Decimal(60000), scored: bool = True) -> Round:
    """A round on a shipped rubric: `count` imported grants and the four made ones, scored by two officers.

    Scores differ by application so the ranking is not the import order; on a tender rubric the bids
    have no price (a 360Giving file has an amount awarded, not a bid price).
    """
    text = (rubrics_dir() / f"{rubric}.yaml").read_text(encoding="utf-8")
    round_ = store.rounds.create(name=name, rubric_yaml=text, status="scoring", budget=budget)
    import_applications(store, round_, plan_import(published_extract(folder, count)))
    store.applications.add(made(round_, tender=store.rounds.rubric(round_).kind == "tender"))
    if scored:
        rubric_ = store.rounds.rubric(round_)
        apps = store.applications.for_round(round_)
        for who in ("Grants officer", "Community panel member"):
            person = store.assessors.add(round_, name=who)
            for n, app in enumerate(apps):
                for c, criterion in enumerate(rubric_.criteria):
                    levels = [level.value for level in rubric_.scale_for(criterion.id).levels]
                    level = 1 if (n, c) == (3, 0) else 2 + (n * 7 + c * 3 + len(who)) % (len(levels) - 2)
                    store.assessments.set_score(round_, person, app.id, criterion.id, score=levels[level])
    return store.rounds.get(name)
