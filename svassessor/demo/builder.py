"""Build the demo file: this year's round part-scored by three assessors, last year's in monitoring,
and a small council contract decided and in standstill.

Everything goes through the same core calls the window and the command line use, so the demo's
audit log is real and `svassessor check` verifies it. Assessors' scores are drawn from each
application's written profile with a small, seeded disagreement per assessor, so the comparison has
spread to show and the file is the same every time. The contract's scores and comments are written
out in full instead, because its assessment summaries quote every one to the bidders. The file is
built beside its destination and moved into place only when whole.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from svassessor.demo.content import (
    DemoApplication,
    DemoBid,
    DemoContent,
    DemoRound,
    DemoTender,
    load_demo_content,
)
from svassessor.errors import FileProblem
from svassessor.models import Annotation, Application, Assessor, Delivery, NarrativeAnswer, Offer, Organisation, Round
from svassessor.rubric.loader import shipped_rubrics
from svassessor.rubric.model import Rubric
from svassessor.store import Store

CHAIR = "Panel chair"
# How far this year's scoring has got: (share of applications scored, share of those submitted).
PROGRESS = {"Grants officer A": (10 / 12, 0.8), "Grants officer B": (7 / 12, 0.5),
            "Trustee panel member": (4 / 12, 0.0)}
LEANING = {"Grants officer A": 0.0, "Grants officer B": 0.15, "Trustee panel member": -0.2}


def build_demo(path: Path) -> None:
    """Write the demo to `path`, which must not exist yet."""
    path = Path(path)
    if path.exists():
        raise FileProblem(f"{path} already exists; the demo is only written to a new file.")
    partial = path.with_name(f".{path.name}.building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    content = load_demo_content()
    try:
        with Store.open(partial, actor=CHAIR, create=True) as store:
            _Builder(store, content).build()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class _Builder:
    def __init__(self, store: Store, content: DemoContent):
        self.store = store
        self.content = content
        self.random = random.Random(2026)
        self.rubrics = shipped_rubrics()  # each is loaded to learn its id, so once per build

    def build(self) -> None:
        self._round(self.content.this_year, scored_fully=False)
        self._round(self.content.last_year, scored_fully=True)
        self._tender(self.content.tender)

    def _round(self, demo: DemoRound, *, scored_fully: bool) -> None:
        store = self.store
        rubric_path = self.rubrics[demo.rubric]
        round_ = store.rounds.create(
            name=demo.name, rubric_yaml=rubric_path.read_text(encoding="utf-8"), rubric_filename=rubric_path.name,
            budget=demo.budget, opens=demo.opens, closes=demo.closes, status="setup",
            funder_name=self.content.funder.name, funder_org_id=self.content.funder.org_id,
            funder_identifier=self.content.funder.identifier)
        applications = [_application(round_, a) for a in demo.applications]
        store.applications.add(applications)
        by_reference = {a.reference: a for a in applications}
        people = {p.name: store.assessors.add(round_, name=p.name, role=p.role) for p in self.content.assessors}
        for conflict in demo.conflicts:
            person = people[conflict.assessor]
            people[conflict.assessor] = store.assessors.declare_conflict(
                person, by_reference[conflict.application], reason=conflict.reason)
        round_ = store.rounds.set_status(round_, "scoring")
        assessors = [p for p in people.values() if p.role == "assessor"]
        for demo_app in demo.applications:
            application = by_reference[demo_app.reference]
            for assessor in assessors:
                if application.id not in assessor.conflicts:
                    self._assess(round_, assessor, application, demo_app, demo, scored_fully)
        if demo.status == "scoring":
            return
        round_ = store.rounds.set_status(round_, "moderation")
        for moderation in demo.moderation:
            store.panel.moderate(round_, by_reference[moderation.application], moderation.criterion,
                                 score=moderation.score, rationale=moderation.rationale)
        for demo_app in demo.applications:
            if demo_app.decision:
                store.panel.decide(round_, by_reference[demo_app.reference], decision=demo_app.decision.decision,
                                   amount_awarded=demo_app.decision.amount_awarded,
                                   feedback=demo_app.decision.feedback)
        round_ = store.rounds.set_status(round_, "decided")
        if demo.status == "decided":
            return
        round_ = store.rounds.set_status(round_, "monitoring")
        for demo_app in demo.applications:
            for demo_offer, offer in zip(demo_app.offers, by_reference[demo_app.reference].offers):
                for record in demo_offer.deliveries:
                    store.deliveries.record(round_, Delivery(
                        offer_id=offer.id, on=record.on, quantity=record.quantity, status=record.status,
                        evidence=record.evidence, story=record.story, recorded_by=CHAIR))

    def _assess(self, round_: Round, assessor: Assessor, application: Application, demo_app: DemoApplication,
                demo: DemoRound, scored_fully: bool) -> None:
        store = self.store
        share_scored, share_submitted = (1.0, 1.0) if scored_fully else PROGRESS[assessor.name]
        position = [a.reference for a in demo.applications].index(demo_app.reference)
        ranked = _working_order(assessor.name, demo.name, len(demo.applications))
        scored = position in ranked[: round(share_scored * len(demo.applications))]
        if not scored:
            return
        submit = position in ranked[: round(share_submitted * share_scored * len(demo.applications))]
        rubric = store.rounds.rubric(round_)
        criteria = [c.id for c in rubric.criteria]
        if not submit and not scored_fully:
            criteria = criteria[: self.random.randint(4, len(criteria) - 1)]  # part-way through
        agreed = {m.criterion: m.assessor_scores for m in demo.moderation if m.application == demo_app.reference}
        for criterion in criteria:
            given = agreed.get(criterion, {}).get(assessor.name)
            scale = rubric.scale_for(criterion)
            score = given if given is not None else self._draw(demo_app.profile[criterion], assessor.name,
                                                               scale.min, scale.max, wide=not scored_fully)
            comment = demo_app.comments.get(criterion, "") if assessor.name == "Grants officer A" else ""
            store.assessments.set_score(round_, assessor, application.id, criterion, score=score, comment=comment,
                                        confidence=self.random.choice([3, 4, 4, 5]))
        for note in demo_app.annotations:
            if note.assessor == assessor.name:
                self._highlight(round_, assessor, application, note.question, note.quote, note.tag, note.note,
                                note.criterion)
        if submit:
            store.assessments.submit(round_, assessor, application.id)

    def _highlight(self, round_: Round, assessor: Assessor, application: Application, question: str, quote: str,
                   tag: str, note: str, criterion: str) -> None:
        answer = next(n for n in application.narrative if n.question == question)
        start = answer.text.index(quote)
        self.store.annotations.add(round_, assessor, Annotation(
            application_id=application.id, assessor_id=assessor.id, narrative_id=answer.id, start=start,
            end=start + len(quote), quote=quote, tag=tag, note=note, criterion_id=criterion))

    def _tender(self, demo: DemoTender) -> None:
        """The contract, scored as written, moderated, decided, and its award notice published."""
        store = self.store
        rubric_path = self.rubrics[demo.rubric]
        round_ = store.rounds.create(
            name=demo.name, rubric_yaml=rubric_path.read_text(encoding="utf-8"), rubric_filename=rubric_path.name,
            budget=demo.budget, opens=demo.opens, closes=demo.closes, status="setup", funder_name=demo.buyer,
            nation=demo.nation)
        rubric = store.rounds.rubric(round_)
        bids = [_bid(round_, rubric, b) for b in demo.bids]
        store.applications.add(bids)
        by_reference = {b.reference: b for b in bids}
        people = {p.name: store.assessors.add(round_, name=p.name, role=p.role) for p in demo.panel}
        round_ = store.rounds.set_status(round_, "scoring")
        for demo_bid in demo.bids:
            bid = by_reference[demo_bid.reference]
            for name, scores in demo_bid.assessments.items():
                for criterion, given in scores.items():
                    store.assessments.set_score(round_, people[name], bid.id, criterion, score=given.score,
                                                comment=given.comment, confidence=4)
                for note in demo_bid.highlights:
                    if note.assessor == name:
                        self._highlight(round_, people[name], bid, rubric.criterion(note.answered).question,
                                        note.quote, note.tag, note.note, note.criterion)
                store.assessments.submit(round_, people[name], bid.id)
        round_ = store.rounds.set_status(round_, "moderation")
        for agreed in demo.moderation:
            store.panel.moderate(round_, by_reference[agreed.application], agreed.criterion, score=agreed.score,
                                 rationale=agreed.rationale)
        for demo_bid in demo.bids:
            store.panel.decide(round_, by_reference[demo_bid.reference], decision=demo_bid.decision.decision,
                               amount_awarded=demo_bid.decision.amount_awarded, feedback=demo_bid.decision.feedback)
        round_ = store.rounds.set_status(round_, "decided")
        store.rounds.update(round_, standstill_from=demo.standstill_from)

    def _draw(self, truth: int, assessor: str, lowest: int, highest: int, *, wide: bool) -> int:
        """The profile's score, nudged now and then, more often in the assessor's leaning.

        While a round is being scored, a nudge is now and then two levels, so the comparison has
        disagreements to flag; a decided round keeps only the disagreements its moderation records.
        """
        roll = self.random.random() + LEANING[assessor] * 0.5
        far = 0.05 if wide else 0.0
        nudge = -2 if roll < far else -1 if roll < 0.15 else 2 if roll > 1 - far else 1 if roll > 0.85 else 0
        return max(lowest, min(highest, truth + nudge))


def _working_order(assessor: str, round_name: str, count: int) -> list[int]:
    """The order an assessor works through the applications: so that each is scored by someone,
    the first works from the top of the list, the second from the bottom, the third at random."""
    if assessor == "Grants officer A":
        return list(range(count))
    if assessor == "Grants officer B":
        return list(reversed(range(count)))
    order = random.Random(f"{round_name}/{assessor}")
    return sorted(range(count), key=lambda _: order.random())


def _application(round_: Round, demo: DemoApplication) -> Application:
    org = demo.organisation
    return Application(
        round_id=round_.id, reference=demo.reference, title=demo.title, amount_requested=demo.amount_requested,
        summary=demo.summary, received=demo.received,
        organisation=Organisation(name=org.name, type=org.type, registration=org.registration,
                                  postcode=org.postcode, area=org.area),
        narrative=[NarrativeAnswer(question=a.question, text=a.text) for a in demo.narrative],
        offers=[Offer(**o.model_dump(exclude={"deliveries"})) for o in demo.offers],
    )


def _bid(round_: Round, rubric: Rubric, demo: DemoBid) -> Application:
    """A bid answers the rubric's questions, in the rubric's order."""
    org = demo.organisation
    return Application(
        round_id=round_.id, reference=demo.reference, title=demo.title, price=demo.price, summary=demo.summary,
        received=demo.received,
        organisation=Organisation(name=org.name, type=org.type, registration=org.registration,
                                  postcode=org.postcode, area=org.area, sme=org.sme, vcse=org.vcse),
        narrative=[NarrativeAnswer(question=c.question, text=demo.answers[c.id]) for c in rubric.criteria],
        offers=[Offer(**o.model_dump(exclude={"deliveries"})) for o in demo.offers],
    )
