"""Feedback letters and assessments as PDFs, on the demo's decided round."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from svassessor.errors import NotAllowed, NotFound
from svassessor.reports.assessment import write_assessments
from svassessor.reports.letters import write_letters
from svassessor.store import Store

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def demo(demo_template) -> Path:
    return demo_template


def pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [" ".join(p.split()) for p in text.split("\f") if p.strip()]


@needs_poppler
def test_one_plain_letter_per_decided_application(demo, tmp_path):
    out = tmp_path / "letters.pdf"
    with Store.open(demo, actor="test", readonly=True) as store:
        count = write_letters(store, store.rounds.get("Neighbourhood Fund 2025"), out)
    assert count == 6
    letters = pages(out)
    assert len(letters) == 6  # one page each
    funded = next(p for p in letters if "Vale Digital Buddies CIC" in p)
    assert "awarded you £14,200 of the £15,600 you asked for" in funded
    assert "the library has confirmed it will provide the room free of charge" in funded  # the panel's own words
    assert "Where your application was strongest" in funded and "Where it could be stronger next time" in funded
    declined = next(p for p in letters if "Waverley Road Summer Festival Committee" in p)
    assert "not been able to fund" in declined
    reserve = next(p for p in letters if "Holyhead Road" in p)
    assert "reserve list" in reserve
    assert not any("2.67" in p or "/ 4" in p for p in letters)  # reasons, not bare scores


def test_letters_wait_for_the_panels_decisions(demo, tmp_path):
    with Store.open(demo, actor="test", readonly=True) as store:
        with pytest.raises(NotAllowed, match="no decisions yet"):
            write_letters(store, store.rounds.get("Neighbourhood Fund 2026"), tmp_path / "letters.pdf")
    assert not (tmp_path / "letters.pdf").exists()


@needs_poppler
def test_an_assessment_shows_the_descriptor_of_the_level_given_comments_and_quotes(demo, tmp_path):
    out = tmp_path / "assessment.pdf"
    with Store.open(demo, actor="test", readonly=True) as store:
        count = write_assessments(store, store.rounds.get("Neighbourhood Fund 2025"), out, application="NF25-003",
                                  assessor="Grants officer A")
    assert count == 1
    text = " ".join(pages(out))
    assert "NF25-003" in text and "Grants officer A" in text and "Submitted" in text
    assert "We asked:" in text and "Good means: A clear and specific answer" in text
    assert "Comment:" in text
    assert "“we never handle anyone's passwords or bank details”" in text  # the highlighted passage, verbatim
    assert "Page 1 of" in text


def test_assessments_of_a_whole_round_and_nothing_to_print(demo, tmp_path):
    with Store.open(demo, actor="test", readonly=True) as store:
        round_ = store.rounds.get("Neighbourhood Fund 2025")
        assert write_assessments(store, round_, tmp_path / "all.pdf") == 18  # 6 applications × 3 assessors
        with pytest.raises(NotFound, match="no assessments for NF25-999"):
            write_assessments(store, round_, tmp_path / "none.pdf", application="NF25-999")
