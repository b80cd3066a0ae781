"""Make a large round quickly for benchmarks: N applications × A assessors × C criteria, all scored.

Rows go in through the AuditWriter's bulk path, so the file is a real, audited .svdb that
`svassessor check` verifies; only the per-edit transactions of real scoring are skipped.
"""

from __future__ import annotations

import random
from pathlib import Path

from svassessor.models import Application, NarrativeAnswer, Offer, Organisation, utc_now
from svassessor.storage.codec import new_id, utc_text
from svassessor.store import Store

GROUPS = ["Older people living alone", "Disabled people", "Families on low incomes", "Young carers"]
PLACES = ["Lozells", "Sparkbrook", "Handsworth", "Kings Norton", "Small Heath", "Stechford"]


def rubric_yaml(themes: int = 5, per_theme: int = 5) -> str:
    """A grant rubric with themes × per_theme criteria on a 0–4 scale."""
    lines = ["schema_version: 1", "id: bench", "name: Benchmark rubric", 'version: "1"',
             "description: Generated for benchmarks.", "source: svassessor bench.", "scale:", "  levels:"]
    for value, label in enumerate(["No evidence", "Weak", "Adequate", "Good", "Excellent"]):
        lines.append(f"    - {{value: {value}, label: {label}, descriptor: \"{label} evidence.\"}}")
    lines.append("themes:")
    for t in range(themes):
        part = "social_value" if t % 2 == 0 else "quality"
        lines += [f"  - id: theme_{t}", f"    title: Theme {t}", f"    weight: {10 + t * 5}", f"    part: {part}",
                  "    criteria:"]
        for c in range(per_theme):
            lines.append(f"      - {{id: c_{t}_{c}, title: Criterion {t}.{c}, question: \"Question {t}.{c}\"}}")
    lines += ["tags:", '  - {id: evidence, label: Evidence, colour: "#1b7837", key: e}',
              "priorities:", "  - {id: older, kind: group, label: Older people, match: [Older people living alone], points: 5}",
              "moderation: {aggregate: mean, spread_threshold: 2}"]
    return "\n".join(lines) + "\n"


def build(path: Path, *, applications: int = 2000, assessors: int = 5, themes: int = 5, per_theme: int = 5,
          seed: int = 7) -> None:
    rng = random.Random(seed)
    with Store.open(path, actor="bench", create=True) as store:
        round_ = store.rounds.create(name="Big round", rubric_yaml=rubric_yaml(themes, per_theme), status="scoring",
                                     budget=applications * 3000)
        criteria = [c.id for c in store.rounds.rubric(round_).criteria]
        apps = [Application(
            round_id=round_.id, reference=f"BIG-{i:05}", title=f"Community project {i}",
            organisation=Organisation(name=f"Community group {i}", postcode="B19 1AA"),
            amount_requested=rng.randrange(5000, 20000), summary="A generated application.",
            narrative=[NarrativeAnswer(question="What need will your project meet?", text="Generated text. " * 40)],
            offers=[Offer(description="Weekly sessions", measure=None, quantity=40, unit="people",
                          beneficiary_group=rng.choice(GROUPS), place=rng.choice(PLACES))],
        ) for i in range(applications)]
        people = [store.assessors.add(round_, name=f"Assessor {a + 1}") for a in range(assessors)]
        now = utc_text(utc_now())
        with store.change() as audit:
            store.applications.insert(audit, apps)
            assessments, scores = [], []
            for app in apps:
                quality = rng.randint(1, 3)
                for person in people:
                    assessment_id = new_id()
                    assessments.append({"id": assessment_id, "application_id": app.id, "assessor_id": person.id,
                                        "status": "submitted", "overall_comment": "", "submitted_at": now,
                                        "updated_at": now})
                    for criterion in criteria:
                        score = max(0, min(4, quality + rng.choice((-1, 0, 0, 1))))
                        scores.append({"id": new_id(), "assessment_id": assessment_id, "criterion_id": criterion,
                                       "score": score, "not_scored": 0, "comment": "", "confidence": None,
                                       "updated_at": now})
            audit.insert_many("assessments", assessments)
            audit.insert_many("scores", scores)
