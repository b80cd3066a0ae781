"""The anonymised round in the window: the assessor reads labels and placeholders, the chair previews the
redaction and adds words, and Round settings turns it on and off (each undoable)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox

from svassessor.importing import import_applications, plan_import
from svassessor.importing.narratives import attach_documents
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.paths import rubrics_dir
from svassessor.store import Store
from tests.shared_data import SHARED_DATA
from tests.ui_helpers import open_window
from ui.settings import Settings

ABCT = SHARED_DATA / "360giving" / "abct-ab-charitable-trust-grants-2013-2020.csv"
ANSWER = """Access to Justice Foundation has supported pro bono advice since 2008. Write to
projects@atjf.org.uk or call 0121 496 0000; our office is at WC2A 1JF.
"""


def _first_grants(folder: Path, count: int) -> tuple[Path, list[dict]]:
    with ABCT.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))[:count]
    path = folder / "abct-first.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A chair's file of 30 published grants in an anonymised round in scoring, one with a narrative, and
    Grants officer A's prepared file."""
    folder = tmp_path_factory.mktemp("ui-anonymised")
    grants, rows = _first_grants(folder, 30)
    panel = folder / "panel.svdb"
    with Store.open(panel, actor="Chair", create=True) as store:
        text = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
        round_ = store.rounds.create(name="ABCT anonymised", rubric_yaml=text)
        import_applications(store, round_, plan_import(grants))
        answer = folder / f"{rows[0]['Identifier']}.txt"
        answer.write_text(ANSWER, encoding="utf-8")
        attach_documents(store, round_, [(answer, rows[0]["Identifier"])])
        round_ = store.rounds.update(round_, anonymised=True)
        store.assessors.add(round_, name="Grants officer A")
        store.assessors.add(round_, name="Chair", role="chair")
        store.rounds.set_status(round_, "scoring")
        prepare_assessor_file(store, round_name=None, assessor_name="Grants officer A", out=folder / "officer-a.svdb")
    return panel, folder / "officer-a.svdb", rows


def _window(qtbot, path: Path, tmp_path: Path, monkeypatch, *, who: str, role: str, copy: bool = True):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if copy:
        target = tmp_path / path.name
        target.write_bytes(path.read_bytes())
        path = target
    settings = tmp_path / "settings.ini"
    Settings.at(settings).set_identity(who, role)
    return open_window(qtbot, path, settings)


def test_the_assessor_reads_labels_and_placeholders_and_is_told_why(qtbot, files, tmp_path, monkeypatch):
    _panel, theirs, rows = files
    window = _window(qtbot, theirs, tmp_path, monkeypatch, who="Grants officer A", role="assessor")
    names = [r.application.organisation.name for r in window.list.model.rows()]
    assert names and all(n.startswith("Applicant 0") for n in names)
    first = next(r for r in window.list.model.rows() if r.application.reference == rows[0]["Identifier"])
    window.list.select(first.id)
    qtbot.waitUntil(lambda: window.view.application is not None and window.view.application.id == first.id)
    text = window.view.narrative.toPlainText()
    assert "[organisation] has supported pro bono advice since 2008. Write to\n[e-mail] or call [phone]" in text
    assert "Access to Justice" not in text and "WC2A" not in text
    assert window.view.withheld.isVisible() and "attachments are withheld" in window.view.withheld.text()
    assert window.view.tabs.tabText(2) == "Attachments (0)"
    assert "Applicant" in window.view.who.text()
    # a highlight on the redacted text is kept as the assessor made it
    narrative = window.view.narrative
    span = narrative.spans[0]
    start = span.answer.text.index("pro bono advice")
    cursor = narrative.textCursor()
    cursor.setPosition(span.to_doc(start))
    cursor.setPosition(span.to_doc(start + len("pro bono advice")), cursor.MoveMode.KeepAnchor)
    narrative.setTextCursor(cursor)
    tag = window.ctx.rubric.tags[0].id
    assert window.view.tag_selection(tag)
    [note] = window.ctx.store.annotations.for_application(first.id)
    assert note.quote == "pro bono advice"


def test_an_assessor_in_the_chairs_file_is_shown_the_same_and_may_not_preview(qtbot, files, tmp_path, monkeypatch):
    panel, _theirs, rows = files
    window = _window(qtbot, panel, tmp_path, monkeypatch, who="Grants officer A", role="assessor")
    assert {r.application.organisation.name for r in window.list.model.rows()} >= {"Applicant 001", "Applicant 030"}
    window.findChild(QAction, "redactionPreview").trigger()
    assert window.files.dialog is None or window.files.dialog.objectName() != "redactionPreview"
    assert "it is the chair's" in window.message.text()


def test_the_chair_previews_and_adds_a_word_then_undoes_it(qtbot, files, tmp_path, monkeypatch):
    panel, _theirs, rows = files
    window = _window(qtbot, panel, tmp_path, monkeypatch, who="Chair", role="chair")
    reference = rows[0]["Identifier"]
    window.findChild(QAction, "redactionPreview").trigger()
    dialog = window.files.dialog
    assert dialog is not None and dialog.objectName() == "redactionPreview"
    dialog.application.setCurrentIndex(dialog.application.findData(reference))
    assert "Access to Justice Foundation" in dialog.application.currentText()  # the chair sees who it is
    text = dialog.text.toPlainText()
    assert "[organisation] has supported pro bono advice" in text and "[postcode]" in text
    assert "Replaced" in dialog.summary.text() and "Attachments withheld (a document cannot be redacted safely)" in dialog.summary.text()
    assert any("[e-mail] ← projects@atjf.org.uk" in dialog.replaced.item(i).text()
               for i in range(dialog.replaced.count()))
    dialog.word.setText("pro bono")
    dialog.here.click()
    assert "[organisation] has supported [redacted] advice" in dialog.text.toPlainText()
    assert dialog.words.count() == 1 and reference in dialog.words.item(0).text()
    window.ctx.undo_stack.undo()
    assert "supported pro bono advice" in dialog.text.toPlainText() and dialog.words.count() == 0


def test_round_settings_turn_anonymity_on_and_off_undoably(qtbot, files, tmp_path, monkeypatch):
    panel, _theirs, _rows = files
    window = _window(qtbot, panel, tmp_path, monkeypatch, who="Chair", role="chair")
    window.findChild(QAction, "roundSettings").trigger()
    dialog = window.files.dialog
    assert dialog.form.anonymised.isChecked() and dialog.form.reveal_at.isEnabled()
    dialog.form.anonymised.setChecked(False)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.ctx.store.rounds.get().anonymised is False
    window.ctx.undo_stack.undo()
    assert window.ctx.store.rounds.get().anonymised is True
