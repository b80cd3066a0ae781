"""The commitments register in its four formats: stories and evidence beside the numbers, hostile text made harmless.

The demo round's register must carry every funded offer's stories and evidence (not only figures),
in the PDF (read back with pdftotext) and in the HTML page. A round whose text is hostile (markup,
right-to-left text and direction overrides, emoji, formula-looking cells, control characters) must
give an HTML page where all of it is inert text, and CSV/XLSX cells no spreadsheet runs as formulas.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import openpyxl
import pytest

from svassessor.demo.builder import build_demo
from svassessor.errors import NotAllowed
from svassessor.models import Application, Delivery, NarrativeAnswer, Offer, Organisation
from svassessor.monitoring import load_progress
from svassessor.register import write_register
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC

ROUND = "Neighbourhood Fund 2025"
PUBLISHED = date(2026, 11, 25)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def demo(demo_template):
    with Store.open(demo_template, actor="test", readonly=True) as store:
        yield store, store.rounds.get(ROUND)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return _flat(out.stdout)


def test_the_pdf_and_the_page_carry_every_story_and_evidence_note(demo, tmp_path):
    store, round_ = demo
    pdf, page = tmp_path / "register.pdf", tmp_path / "register.html"
    steps = []
    write_register(store, round_, "pdf", pdf, progress=lambda done, total, what: steps.append((done, total)))
    write_register(store, round_, "html", page, published=PUBLISHED)
    assert steps[0] == (0, 2) and steps[-1] == (2, 2)
    text, html = _pdf_text(pdf), _flat(unescape(page.read_text(encoding="utf-8")))
    progress = load_progress(store, round_)
    reports = [d for o in progress.offers for d in o.history]
    assert len(reports) == 25 and all(d.story and d.evidence for d in reports)
    for d in reports:
        for written in (d.story, d.evidence):
            # the PDF wraps lines, and the page escapes quotes; compare a stretch of plain words
            words = re.sub(r"[^\w ]", " ", _flat(written)).split()[:8]
            stretch = re.compile(r"\W+".join(map(re.escape, words)))
            assert stretch.search(text), written
            assert stretch.search(html), written
    for figure in ("£48,250", "286 of 200 people", "79 of 85 sessions (93%)", "7 of 12 people (58%)"):
        assert figure in text and figure in html, figure


def test_csv_and_xlsx_have_one_row_per_funded_offer_and_every_report(demo, tmp_path):
    store, round_ = demo
    write_register(store, round_, "csv", tmp_path / "register.csv")
    write_register(store, round_, "xlsx", tmp_path / "register.xlsx", published=PUBLISHED)
    raw = (tmp_path / "register.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a byte-order mark
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 14
    lunch = rows[0]
    assert (lunch["Reference"], lunch["Promised"], lunch["Delivered so far"], lunch["Share of promise (%)"],
            lunch["Status"], lunch["Last report"]) == ("NF25-001", "200", "286", "143", "Delivered", "2026-04-10")
    assert "retired bus driver" in lunch["Latest story"] and "widower of 80" in lunch["Earlier reports"]
    book = openpyxl.load_workbook(tmp_path / "register.xlsx")
    assert book.sheetnames == ["Offers", "Reports", "About"]
    assert book["Offers"].max_row == 1 + 14 and book["Reports"].max_row == 1 + 25
    assert book["Offers"]["D2"].value == 9860  # amount awarded, a number that sums


def test_the_register_waits_for_a_decision(tmp_path):
    with Store.open(tmp_path / "new.svdb", actor="chair", create=True) as store:
        round_ = store.rounds.create(name="Open round", rubric_yaml=TINY_RUBRIC, status="scoring")
        with pytest.raises(NotAllowed, match="once a round is decided"):
            write_register(store, round_, "html", tmp_path / "r.html")
        assert not (tmp_path / "r.html").exists()


HOSTILE_STORY = ("<script>alert('story')</script> <b>bold?</b> & \"quoted\" "
                 "قالت إحدى المشاركات: «الآن أطبخ لأسرتي» \u202eevil\u202c 🎉👩🏽‍🍳 done")
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+44 121 496 0000", "-2+3", "@SUM(A1:A9)", "\tTabbed",
            "\rCarriage"]


@pytest.fixture
def hostile(tmp_path):
    with Store.open(tmp_path / "hostile.svdb", actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Round <i>2026</i> & co", rubric_yaml=TINY_RUBRIC,
                                     funder_name="=Funder\"><img src=x onerror=alert(1)>")
        offers = [Offer(description=text, quantity=10, unit="people", beneficiary_group=text, place=text)
                  for text in FORMULAS]
        app = Application(round_id=round_.id, reference="=1+1", title="<h1>Title</h1>",
                          organisation=Organisation(name="<img src=x onerror=alert(1)> مؤسسة"),
                          amount_requested=Decimal(5000), offers=offers,
                          narrative=[NarrativeAnswer(question="Need?", text="Some.")])
        store.applications.add([app])
        round_ = store.rounds.set_status(round_, "scoring")
        officer = store.assessors.add(round_, name="Grants officer A")
        store.assessments.set_score(round_, officer, app.id, "need_evidence", score=3)
        round_ = store.rounds.set_status(round_, "moderation", force=True)  # one score is enough here
        store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal(5000), feedback="")
        for status in ("decided", "monitoring"):
            round_ = store.rounds.set_status(round_, status)
        for i, offer in enumerate(offers):
            store.deliveries.record(round_, Delivery(
                offer_id=offer.id, on=date(2026, 6, 1), quantity=4, status="at_risk",
                evidence=FORMULAS[(i + 1) % len(FORMULAS)] + "\x0b\x01 control", story=HOSTILE_STORY,
                recorded_by="Panel chair"))
        yield store, round_


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_text_is_inert_in_the_html_page(hostile, tmp_path):
    store, round_ = hostile
    page = tmp_path / "register.html"
    write_register(store, round_, "html", page)
    html = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "i", "b", "iframe", "link"}  # no markup from the data
    assert [tag for tag, _ in parser.tags].count("h1") == 1  # the page's own title; the project's <h1> is text
    assert all(not a.get("href") or a["href"].startswith("#") for _, a in parser.tags)  # nothing off the page
    assert not any(k.startswith("on") or k == "src" for _, a in parser.tags for k in a)
    text = "".join(parser.text)
    for written in ("<script>alert('story')</script>", "<img src=x onerror=alert(1)>", "Round <i>2026</i> & co",
                    "«الآن أطبخ لأسرتي»", "🎉👩🏽‍🍳", '=HYPERLINK("http://evil.example","click")'):
        assert written in text, written
    assert "\x0b" not in html and "\x01" not in html
    # the direction override stays inside an isolating element, so it cannot flip the words around it
    assert re.search('<bdi dir="auto">[^<]*\u202eevil', html) or re.search('dir="auto">[^<]*\u202eevil', html)


def test_hostile_text_is_neutralised_in_csv_and_xlsx(hostile, tmp_path):
    store, round_ = hostile
    write_register(store, round_, "csv", tmp_path / "register.csv")
    write_register(store, round_, "xlsx", tmp_path / "register.xlsx")
    rows = list(csv.reader((tmp_path / "register.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    cells = [c for row in rows for c in row]
    assert "'=1+1" in cells and "'@SUM(A1:A9)" in cells and "'+44 121 496 0000" in cells
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    book = openpyxl.load_workbook(tmp_path / "register.xlsx")
    values = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.append(cell.value)
    assert not [v for v in values if v.startswith(TRIGGERS)]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in values
    assert any("🎉" in v and "الآن" in v for v in values)
    assert not any("\x0b" in v or "\x01" in v for v in values)


def test_hostile_text_prints_as_text_in_the_pdf(hostile, tmp_path):
    store, round_ = hostile
    write_register(store, round_, "pdf", tmp_path / "register.pdf")
    text = _pdf_text(tmp_path / "register.pdf")
    assert "<script>alert('story')</script>" in text and "<h1>Title</h1>" in text
    assert '=HYPERLINK("http://evil.example","click")' in text


def test_every_format_names_a_reports_files_and_publishes_none_of_their_content(tmp_path):
    from svassessor.repository.delivery_files import DeliveryFile

    path = tmp_path / "demo.svdb"
    build_demo(path)
    secret = b"Names and addresses of the people who came: not for publication"
    with Store.open(path, actor="Grants officer A") as store:
        round_ = store.rounds.get(ROUND)
        offer = store.applications.get(round_, "NF25-004").offers[3]
        store.deliveries.record(round_, Delivery(
            offer_id=offer.id, on=date(2026, 11, 1), quantity=9, status="on_track", evidence="Sign-in sheets.",
            recorded_by="Grants officer A"),
            files=[DeliveryFile(filename="sign-in <sheets>.pdf", content=secret),
                   DeliveryFile(filename="=cmd.jpg", content=b"photo")])
        for fmt in ("pdf", "html", "csv", "xlsx"):
            write_register(store, round_, fmt, tmp_path / f"register.{fmt}", published=PUBLISHED)
    page = (tmp_path / "register.html").read_text(encoding="utf-8")
    names = "=cmd.jpg, sign-in <sheets>.pdf"  # by name, when attached together
    assert 'Files kept with this report</span> <bdi dir="auto">=cmd.jpg, sign-in &lt;sheets&gt;.pdf</bdi>' in page
    assert f"Files kept with this report: {names}" in _pdf_text(tmp_path / "register.pdf")
    rows = list(csv.DictReader((tmp_path / "register.csv").read_bytes().decode("utf-8-sig").splitlines()))
    jobs = next(r for r in rows if r["Reference"] == "NF25-004" and r["Offer number"] == "4")
    assert jobs["Latest files"] in (names, "'" + names)  # neutralised if it looks like a formula
    book = openpyxl.load_workbook(tmp_path / "register.xlsx")
    files = [c.value for c in book["Reports"]["K"] if c.value]  # the Files column
    assert files[0] == "Files" and [f.lstrip("'") for f in files[1:]] == [names]
    for fmt in ("html", "csv"):
        assert b"Names and addresses" not in (tmp_path / f"register.{fmt}").read_bytes()
