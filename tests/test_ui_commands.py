"""Undo commands without a window: push, undo, redo, and check what the core holds."""

from __future__ import annotations

import pytest

from svassessor.models import Annotation
from ui.commands.annotations import AddAnnotationCommand, NoteCommand, RemoveAnnotationCommand
from ui.commands.assessment import SubmitCommand
from ui.commands.base import push
from ui.commands.scores import CommentCommand, OverallCommentCommand, mark_not_scored, set_confidence, set_score
from ui.context import AppContext
from ui.settings import Settings


@pytest.fixture
def ctx(qapp, store, scoring_round, svdb, tmp_path):
    context = AppContext(Settings.at(tmp_path / "settings.ini"))
    context.store, context.path = store, svdb
    context.set_session(scoring_round, store.assessors.get(scoring_round, "Grants officer A"))
    yield context
    context.store = None  # the store fixture closes the file


@pytest.fixture
def app_id(ctx):
    return ctx.store.applications.get(ctx.round, "T-001").id


def score_of(ctx, app_id, criterion="need_evidence"):
    assessment = ctx.store.assessments.get(app_id, ctx.assessor.id)
    return None if assessment is None or criterion not in assessment.scores else assessment.scores[criterion]


def test_score_undo_redo(ctx, app_id):
    assert push(ctx, set_score(ctx, app_id, "need_evidence", 3, "Good"))
    assert score_of(ctx, app_id).score == 3
    push(ctx, set_score(ctx, app_id, "need_evidence", 1, "Weak"))
    ctx.undo_stack.undo()
    assert score_of(ctx, app_id).score == 3
    ctx.undo_stack.undo()
    assert score_of(ctx, app_id) is None  # never touched: not a 0, not a blank row
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    assert score_of(ctx, app_id).score == 1
    assert ctx.undo_stack.undoText() == "Score Evidence of need: Weak"


def test_not_scored_and_confidence(ctx, app_id):
    push(ctx, set_score(ctx, app_id, "need_evidence", 2, "Adequate"))
    push(ctx, mark_not_scored(ctx, app_id, "need_evidence"))
    assert score_of(ctx, app_id).not_scored and score_of(ctx, app_id).score is None
    push(ctx, set_confidence(ctx, app_id, "need_evidence", 4))
    assert score_of(ctx, app_id).confidence == 4
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert score_of(ctx, app_id).score == 2 and score_of(ctx, app_id).confidence is None


def test_typing_a_comment_merges_into_one_undo_step(ctx, app_id):
    for n in range(1, 6):
        push(ctx, CommentCommand(ctx, app_id, "offer_who", "Clear"[:n], sitting=1))
    assert ctx.undo_stack.count() == 1
    assert score_of(ctx, app_id, "offer_who").comment == "Clear"
    push(ctx, CommentCommand(ctx, app_id, "offer_who", "Clear.", sitting=2))  # a new sitting: its own step
    assert ctx.undo_stack.count() == 2
    ctx.undo_stack.undo()
    assert score_of(ctx, app_id, "offer_who").comment == "Clear"
    ctx.undo_stack.undo()
    assert score_of(ctx, app_id, "offer_who") is None


def test_overall_comment(ctx, app_id):
    push(ctx, OverallCommentCommand(ctx, app_id, "Strong", sitting=1))
    push(ctx, OverallCommentCommand(ctx, app_id, "Strong bid", sitting=1))
    assert ctx.store.assessments.get(app_id, ctx.assessor.id).overall_comment == "Strong bid"
    ctx.undo_stack.undo()
    assert ctx.store.assessments.get(app_id, ctx.assessor.id).overall_comment == ""


def test_submit_refused_until_complete_then_undone(ctx, app_id):
    problems = []
    ctx.problem.connect(problems.append)
    assert not push(ctx, SubmitCommand(ctx, app_id))
    assert "cannot be submitted yet" in problems[0]
    assert ctx.undo_stack.count() == 0  # a refused action leaves nothing to undo
    for criterion in ("need_evidence", "offer_who", "offer_measures"):
        push(ctx, set_score(ctx, app_id, criterion, 2, "Adequate"))
    assert push(ctx, SubmitCommand(ctx, app_id))
    assert ctx.store.assessments.get(app_id, ctx.assessor.id).status == "submitted"
    ctx.undo_stack.undo()
    assert ctx.store.assessments.get(app_id, ctx.assessor.id).status == "draft"


def test_annotation_add_note_remove(ctx, app_id):
    application = ctx.store.applications.by_id(app_id)
    answer = application.narrative[0]
    start = answer.text.index("older people")
    annotation = Annotation(application_id=app_id, assessor_id=ctx.assessor.id, narrative_id=answer.id,
                            start=start, end=start + 12, quote="older people", tag="evidence")
    push(ctx, AddAnnotationCommand(ctx, annotation))
    push(ctx, NoteCommand(ctx, annotation, "who", sitting=1))
    push(ctx, NoteCommand(ctx, annotation, "who exactly?", sitting=1))
    mine = ctx.store.annotations.for_application(app_id, assessor_id=ctx.assessor.id)
    assert [(a.quote, a.note) for a in mine] == [("older people", "who exactly?")]
    push(ctx, RemoveAnnotationCommand(ctx, mine[0]))
    assert ctx.store.annotations.for_application(app_id) == []
    ctx.undo_stack.undo()
    assert [a.note for a in ctx.store.annotations.for_application(app_id)] == ["who exactly?"]
    ctx.undo_stack.undo()
    assert [a.note for a in ctx.store.annotations.for_application(app_id)] == [""]
    ctx.undo_stack.undo()
    assert ctx.store.annotations.for_application(app_id) == []
    ctx.undo_stack.redo()
    assert len(ctx.store.annotations.for_application(app_id)) == 1


def test_undo_reveals_what_it_changed(ctx, app_id):
    shown = []
    ctx.revealRequested.connect(lambda a, c: shown.append((a, c)))
    push(ctx, set_score(ctx, app_id, "offer_who", 4, "Excellent"))
    assert shown == []  # doing it needs no reveal: the user is looking at it
    ctx.undo_stack.undo()
    assert shown == [(app_id, "offer_who")]
