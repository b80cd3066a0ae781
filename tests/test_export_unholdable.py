"""Issue 20: a title, comment or story holding a control character or U+FFFE exports to XLSX, and says so.

A workbook is XML, which cannot hold C0 control characters (tab and line breaks aside), U+FFFE or U+FFFF:
`export --format xlsx` and `register-xlsx` crashed with a traceback on them. They are written as U+FFFD and
the export's sentence counts the cells. Each test starts from an empty file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl

from svassessor.models import Application, Delivery, NarrativeAnswer, Offer, Organisation
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, cli_ok

TITLE = "Roof\x01 repair\ufffe"
COMMENT = "Strong\x07 case\uffff"
STORY = "She said\x0b thank you\ufffe"


def _cells(path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def _round(path, *, story: bool) -> None:
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
        offer = Offer(description="Lunches", quantity=10, unit="people")
        app = Application(round_id=round_.id, reference="NF26-0000000001", title=TITLE, amount_requested=Decimal(5000),
                          organisation=Organisation(name="Hope Street"), offers=[offer],
                          narrative=[NarrativeAnswer(question="Need?", text="Some.")])
        store.applications.add([app])
        round_ = store.rounds.set_status(round_, "scoring")
        officer = store.assessors.add(round_, name="Grants officer A")
        store.assessments.set_score(round_, officer, app.id, "need_evidence", score=3, comment=COMMENT)
        if not story:
            return
        round_ = store.rounds.set_status(round_, "moderation", force=True)
        store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal(5000), feedback="")
        for status in ("decided", "monitoring"):
            round_ = store.rounds.set_status(round_, status)
        store.deliveries.record(round_, Delivery(offer_id=offer.id, on=date(2026, 6, 1), quantity=4, status="at_risk",
                                                 evidence="Register", story=STORY, recorded_by="Panel chair"))


def test_the_score_matrix_workbook_holds_what_it_can_and_says_so(tmp_path):
    panel, out = tmp_path / "panel.svdb", tmp_path / "matrix.xlsx"
    _round(panel, story=False)
    said = cli_ok("export", panel, "--round", "Round", "--format", "xlsx", "-o", out)
    assert "(2 cells held characters a spreadsheet cannot hold, such as control characters: written as \ufffd)" in said
    cells = _cells(out)
    assert "Roof\ufffd repair\ufffd" in cells and "Strong\ufffd case\ufffd" in cells


def test_the_register_workbook_holds_what_it_can_and_says_so(tmp_path):
    panel, out = tmp_path / "panel.svdb", tmp_path / "register.xlsx"
    _round(panel, story=True)
    said = cli_ok("export", panel, "--round", "Round", "--format", "register-xlsx", "-o", out)
    assert "Commitments register of 'Round' written to" in said and "written as \ufffd)" in said
    assert any("She said thank you\ufffd" in v for v in _cells(out))
