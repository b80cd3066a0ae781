"""The panel pack PDF: every applicant's name prints, in any script; progress and Cancel; nothing half-written."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bench.pack import make_round
from svassessor.reports.data import load_round
from svassessor.reports.output import ExportCancelled
from svassessor.reports.pack import write_pack
from svassessor.store import Store

NAMES = [
    "جمعية الأمل الخيرية",  # Arabic
    "华人社区中心",  # Chinese
    "Rainbow 🌈 Youth Club",  # emoji no bundled font has
    "Happy ☺ Neighbours",  # a symbol DejaVu Sans draws
    "<b>Bold</b> & Sons <font name='x'>",  # markup that must print literally
    "Tab\tand\x07bell Trust",  # control characters, dropped for printing only
    "Zoë's Café Ćommunity",
]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def world_round(store: Store):
    return make_round(store, applications=len(NAMES), names=NAMES)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _squashed(text: str) -> str:
    """Text without spaces or direction marks, in compatibility form.

    Arabic is drawn in its joined presentation forms (see reports/arabic.py), which pdftotext gives back
    as such: NFKC maps them to the letters typed, as a PDF viewer's search does.
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and c not in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


@needs_poppler
def test_every_applicant_name_prints_in_any_script(store, world_round, tmp_path):
    out = tmp_path / "pack.pdf"
    write_pack(store, world_round, out)
    text = _squashed(pdf_text(out))
    for name in NAMES[:2]:
        assert _squashed(name) in text, name  # Arabic and Chinese come out as the same characters
    assert "Rainbow" in text and "YouthClub" in text  # the emoji prints as ◇; the words around it survive
    assert "Happy☺Neighbours" in text
    assert _squashed("<b>Bold</b> & Sons <font name='x'>") in text
    assert "TabandbellTrust" in text
    assert _squashed("Zoë's Café Ćommunity") in text


@needs_poppler
def test_pack_has_cover_contents_ranking_charts_and_a_page_per_application(store, world_round, tmp_path):
    out = tmp_path / "pack.pdf"
    write_pack(store, world_round, out)
    pages = pdf_text(out).split("\f")
    assert "Panel pack" in pages[0] and "Panel Fund 2026" in pages[0] and "Bench Community Fund" in pages[0]
    assert "Contents" in pages[1] and "Ranking and budget line" in pages[1]
    ranking = next(p for p in pages if "Budget line:" in p)
    assert "allocated of £17,500" in ranking and "Decision: Fund" in ranking
    assert any("How the totals are spread" in p and "Where assessors disagree" in p for p in pages)
    data = load_round(store, world_round)
    score_pages = [p for p in pages if "Total out of 100" in p]
    assert len(score_pages) == len(data.applications)  # one scores table per application, each on its own page
    for app in data.applications:
        assert sum(app.reference in p for p in score_pages) == 1
    total = len([p for p in pages if p.strip()])
    assert f"Page {total} of {total}" in pages[total - 1]
    assert all("Panel Fund 2026 · Panel pack" in p for p in pages[1:total])


def test_progress_reaches_its_total_and_names_the_work(store, world_round, tmp_path):
    calls: list[tuple[int, int, str]] = []
    write_pack(store, world_round, tmp_path / "pack.pdf", progress=lambda *call: calls.append(call))
    done, total, _ = calls[-1]
    assert done == total == 2 * len(NAMES)  # two layout passes, one step per application page
    assert [c[0] for c in calls[1:]] == sorted(c[0] for c in calls[1:])


def test_cancel_stops_the_pack_and_writes_nothing(store, world_round, tmp_path):
    out = tmp_path / "pack.pdf"
    seen: list[int] = []
    with pytest.raises(ExportCancelled):
        write_pack(store, world_round, out, progress=lambda done, total, what: seen.append(done),
                   cancelled=lambda: len(seen) >= 3)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("panel.svdb")]  # no partial file left


def test_demo_pack_of_a_round_still_in_scoring(tmp_path):
    """A round part-way through scoring prints too: partial totals, no decisions yet."""
    from svassessor.demo.builder import build_demo

    build_demo(tmp_path / "demo.svdb")
    with Store.open(tmp_path / "demo.svdb", actor="test", readonly=True) as store:
        write_pack(store, store.rounds.get("Neighbourhood Fund 2026"), tmp_path / "pack.pdf")
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")


@needs_poppler
def test_a_tender_prints_its_price_weighting_and_scores_out_of_100(store, tmp_path):
    from decimal import Decimal

    from svassessor.models import Application, Organisation
    from svassessor.paths import rubrics_dir

    rubric = (rubrics_dir() / "small-contract.yaml").read_text(encoding="utf-8")
    round_ = store.rounds.create(name="Cleaning contract", rubric_yaml=rubric, status="scoring", budget=Decimal(20000))
    store.applications.add(Application(round_id=round_.id, reference=f"T-{i}", title="Office cleaning",
                                       price=Decimal(price), organisation=Organisation(name=f"Bidder {i}"))
                           for i, price in enumerate(("14500", "17250.50")))
    person = store.assessors.add(round_, name="Officer")
    criteria = [c.id for c in store.rounds.rubric(round_).criteria]
    for app in store.applications.for_round(round_):
        for n, criterion in enumerate(criteria):
            store.assessments.set_score(round_, person, app.id, criterion, score=(25, 50, 75, 100)[n % 4])
    out = tmp_path / "pack.pdf"
    write_pack(store, round_, out)
    text = pdf_text(out)
    assert "price" in text.split("\f")[0]  # the cover names the price / quality / social value weighting
    assert "£17,250.50" in text and "£14,500" in text
    assert "Bidder 0" in text and "Bidder 1" in text


@needs_poppler
def test_the_pack_says_how_firm_the_funding_line_is(demo_template, tmp_path):
    """With a budget the pack lists the marginal applications with their funded share, and how it was made."""
    from svassessor.panel.summary import funding_line_robustness

    with Store.open(demo_template, actor="test", readonly=True) as store:
        round_ = store.rounds.get("Neighbourhood Fund 2026")
        write_pack(store, round_, tmp_path / "pack.pdf")
        found = funding_line_robustness(store, round_)
        references = {a.id: a.reference for a in store.applications.for_round(round_)}
    text = pdf_text(tmp_path / "pack.pdf")
    section = text[text.index("How firm is the funding line"):text.index("Funded share: the proportion of")]
    assert f"Marginal, funded in some and not others: {len(found.marginal)}" in section
    listed = set(section.split()) & set(references.values())
    assert listed == {references[a] for a in found.marginal}
    assert "agreedscoresstandinallofthem" in _squashed(text)
