"""The panel pack of 200 applications (DESIGN §10): ≤ 10 s with progress, ≤ 1.5 × raw reportlab.

The figure is `write_pack` end to end: read the round from the file, summarise it with the engine,
lay out every page (two passes, for the contents and "Page x of y") and write the PDF. The floor is
`bench.pack_floor`: the same pages (the same tables, paragraphs and charts, on the same fonts and
page templates) built directly with reportlab from plain data already in memory, no svassessor code.
The two are interleaved, best of three each, in the same run.

`make_round` builds a decided round through the store API (scores, annotations, moderation,
decisions); the report tests use it too, with names in any script.
"""

from __future__ import annotations

import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.report import Row
from svassessor.models import Annotation, Application, NarrativeAnswer, Offer, Organisation, Round
from svassessor.paths import resources_dir, rubrics_dir
from svassessor.panel.summary import summarise
from svassessor.store import Store

APPLICATIONS = 200
REPEATS = 3
AREAS = ["Lozells", "Sparkbrook", "Ladywood", "Castle Vale", "Handsworth", "Small Heath", "Aston", "Nechells"]
GROUPS = ["Older people living alone", "Families on low incomes", "Disabled people", "Young carers",
          "Young people not in education, employment or training", "Refugees and asylum seekers"]
WORDS = ["Community", "Neighbours", "Friends", "Garden", "Kitchen", "Youth", "Elders", "Sisters", "Makers",
         "Allotment", "Reading", "Walking", "Music", "Repair", "Football", "Craft", "Tenants", "Family"]
KINDS = [("Registered charity", "11{:05d}"), ("Community interest company", "1{:07d}"),
         ("Unincorporated community group", None)]
CHAIR = "Panel chair"
LEGEND = ("Panel: the score the panel agreed where it moderated, otherwise the assessors' mean. Spread: highest minus "
          "lowest assessor score; red from 2 (to discuss). A score in red is below the criterion's pass mark.")


def _narrative(rng: random.Random, area: str, group: str) -> list[NarrativeAnswer]:
    people = rng.randint(20, 400)
    return [
        NarrativeAnswer(question="What need will your project meet, and how do you know?",
                        text=f"Our survey of {people} residents in {area} found that {group.lower()} have nowhere "
                             f"to meet. The waiting list for our sessions has grown for two years."),
        NarrativeAnswer(question="What will you deliver, and what difference will it make?",
                        text=f"We will run {rng.randint(20, 50)} weekly sessions for {people} people, train "
                             f"{rng.randint(3, 15)} volunteers and report numbers every quarter."),
        NarrativeAnswer(question="How will you run the project safely and well?",
                        text="We have a safeguarding policy, insurance and two trained leads; our treasurer "
                             "reports to the committee every month."),
    ]


def _application(rng: random.Random, round_: Round, n: int, name: str) -> Application:
    area, group = rng.choice(AREAS), rng.choice(GROUPS)
    kind, number = rng.choice(KINDS)
    return Application(
        round_id=round_.id, reference=f"PF-{n:04d}", title=f"{rng.choice(WORDS)} project in {area}",
        amount_requested=Decimal(rng.randrange(5000, 20001, 50)),
        summary=f"{name} will bring {group.lower()} in {area} together every week, with trained volunteers.",
        organisation=Organisation(name=name, type=kind, registration=number.format(n) if number else None,
                                  postcode="B19 1NP", area=area),
        narrative=_narrative(rng, area, group),
        offers=[Offer(description=f"Weekly sessions for {group.lower()}", quantity=rng.randint(20, 300),
                      unit="people", beneficiary_group=group, place=area),
                Offer(description="Volunteering by local residents", quantity=rng.randint(200, 2000), unit="hours",
                      beneficiary_group="Local residents who volunteer", place=area)],
    )


def make_round(store: Store, *, applications: int = APPLICATIONS, names: list[str] | None = None,
               budget: Decimal | None = None, seed: int = 7) -> Round:
    """A decided round: three assessors and a chair, scores, highlights, moderation and decisions."""
    rng = random.Random(seed)
    rubric_yaml = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    names = names or [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(['Trust', 'CIC', 'Group'])} {n}"
                      for n in range(applications)]
    round_ = store.rounds.create(name="Panel Fund 2026", rubric_yaml=rubric_yaml, status="setup",
                                 budget=budget or Decimal(2500) * applications, funder_name="Bench Community Fund",
                                 funder_identifier="360G-BENCHCF")
    store.applications.add(_application(rng, round_, n, name) for n, name in enumerate(names))
    people = [store.assessors.add(round_, name=f"Assessor {x}") for x in "ABC"]
    store.assessors.add(round_, name=CHAIR, role="chair")
    round_ = store.rounds.set_status(round_, "scoring")
    rubric = store.rounds.rubric(round_)
    apps = store.applications.for_round(round_)
    for app in apps:
        quality = rng.randint(1, 4)
        for person in people:
            for criterion in rubric.criteria:
                score = max(0, min(4, quality + rng.choice([-1, 0, 0, 0, 1, 2 if rng.random() < 0.1 else 0])))
                store.assessments.set_score(round_, person, app.id, criterion.id, score=score,
                                            comment=f"{person.name} on {criterion.title.lower()}.",
                                            confidence=rng.randint(3, 5))
        answer = app.narrative[0]
        quote = answer.text.split(".")[0]
        store.annotations.add(round_, people[0], Annotation(  # highlights are made before submitting
            application_id=app.id, assessor_id=people[0].id, narrative_id=answer.id, start=0, end=len(quote),
            quote=quote, tag="evidence", note="Local evidence of need.", criterion_id="need_evidence"))
        for person in people:
            store.assessments.submit(round_, person, app.id)
    round_ = store.rounds.set_status(round_, "moderation")
    summary = summarise(store, round_)
    by_id = {a.id: a for a in apps}
    for flag in summary.flags[: len(apps) // 2]:
        store.panel.moderate(round_, by_id[flag.application], flag.criterion, score=round(min(flag.scores.values()) + 1),
                             rationale="The panel weighed both readings of the evidence and agreed this level.")
    summary = summarise(store, round_)
    for app in apps:
        funded = summary.budget.status.get(app.id) == "funded"
        store.panel.decide(round_, app, decision="fund" if funded else "decline",
                           amount_awarded=app.amount_requested if funded else None,
                           feedback="Thank you: the panel valued your local evidence; tell us more about what changes.")
    return store.rounds.set_status(round_, "decided")


def floor_data(store: Store, round_: Round) -> dict:
    """The pack's content as plain strings and numbers, read before the floor's clock starts."""
    from svassessor.reports.data import load_round

    data = load_round(store, round_)
    s, line = data.summary, data.summary.budget
    apps = []
    for rank, st in enumerate(s.ranking, start=1):
        app = data.application_by_id(st.candidate.id)
        own, combined = s.panel.own.get(app.id, {}), s.panel.combined.get(app.id, {})
        decision = data.decisions.get(app.id)
        rows = []
        for theme in data.rubric.themes:
            rows.append((theme.title, None, st.total.themes.get(theme.id)))
            rows += [(c.title, [own.get(p.id, {}).get(c.id) for p in data.scorers],
                      (data.spread(app.id, c.id), combined.get(c.id))) for c in theme.criteria]
        apps.append({
            "rank": rank, "ref": app.reference, "org": app.organisation.name, "title": app.title,
            "summary": app.summary, "total": st.total.total, "priority": st.priority_points,
            "score": st.ranking_score, "coverage": st.total.coverage, "cost": float(st.cost or 0),
            "sv": st.total.social_value, "status": line.status.get(app.id) or "", "rows": rows,
            "decision": f"{decision.decision} {decision.amount_awarded or ''}" if decision else "",
            "decided": f"{decision.decision}: £{decision.amount_awarded or 0:,} of £{app.amount_requested:,} requested "
                       f"(recorded by {decision.decided_by}, {decision.decided_at:%-d %B %Y})" if decision else "",
            "feedback": decision.feedback if decision else "",
            "why": f"{st.total.total or 0:.1f} + {st.priority_points:.1f} priority "
                   f"({st.priority.label if st.priority else ''})",
            "agreed": [(m.criterion_id, m.score, m.rationale) for m in data.moderations.get(app.id, {}).values()],
            "offers": [(o.description, f"{o.quantity:g} {o.unit}", o.beneficiary_group, o.place) for o in app.offers],
            "quotes": [(n.quote, f"Evidence · Evidence of need · Assessor A: {n.note}")
                       for n in data.annotations.get(app.id, [])],
        })
    return {"round": round_.name, "people": [p.name for p in data.scorers], "apps": apps,
            "criteria": [c.title for c in data.rubric.criteria], "fonts": str(resources_dir() / "fonts")}


def render_floor(plain: dict, path: Path) -> None:
    """The floor: the pack's pages with reportlab alone (platypus, graphics, the same fonts and templates)."""
    from xml.sax.saxutils import escape as e

    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, NextPageTemplate, PageBreak, PageTemplate,
                                    Paragraph, Spacer, Table, TableStyle)
    from reportlab.platypus.tableofcontents import TableOfContents

    for name, file in (("RawSans", "DejaVuSans.ttf"), ("RawBold", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, f"{plain['fonts']}/{file}"))
    pdfmetrics.registerFontFamily("RawSans", normal="RawSans", bold="RawBold", italic="RawSans", boldItalic="RawBold")
    st = {n: ParagraphStyle(n, fontName="RawSans", fontSize=z, leading=z * 1.3) for n, z in
          (("body", 9), ("cell", 8), ("small", 7.5), ("h1", 15), ("h2", 10.5), ("toc", 9))}
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), "RawSans"), ("FONTSIZE", (0, 0), (-1, -1), 8),
                       ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                       ("BACKGROUND", (0, 0), (-1, 0), "#1d4e89"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cbd2d9"), ("TOPPADDING", (0, 0), (-1, -1), 2.5)])
    width = A4[0] - 36 * mm
    num = lambda v: "–" if v is None else f"{v:.1f}"  # noqa: E731
    cell = lambda text: Paragraph(e(str(text)), st["cell"])  # noqa: E731

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable):
            if getattr(flowable, "toc", None):
                key = f"h{id(flowable)}"
                self.notify("TOCEntry", (flowable.level, flowable.toc, self.page, key))
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.toc, key, level=flowable.level)

    class Numbered(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.pages: list[dict] = []

        def showPage(self):
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self.pages, start=1):
                self.__dict__.update(state)
                self.setFont("RawSans", 7.5)
                self.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {number} of {len(self.pages)}")
                Canvas.showPage(self)
            Canvas.save(self)

    def header(canvas, doc):
        canvas.setFont("RawBold", 7.5)
        canvas.drawString(18 * mm, A4[1] - 11 * mm, f"{plain['round']} · Panel pack")
        canvas.setFont("RawSans", 7.5)
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 11 * mm, "Bench Community Fund · 1 January 2026")
        canvas.line(18 * mm, A4[1] - 12 * mm, A4[0] - 18 * mm, A4[1] - 12 * mm)
        canvas.drawString(18 * mm, 10 * mm, "Confidential: for the panel's use")

    def heading(text, level):
        p = Paragraph(e(text), st["h1"])
        p.toc, p.level = e(text), level
        return p

    toc = TableOfContents()
    toc.levelStyles = [st["toc"], st["toc"]]
    for entry in ["Ranking and budget line", "Charts"] + [f"{a['ref']}  {a['org']}" for a in plain["apps"]]:
        toc.addEntry(0, e(entry), 999)  # sized for the first pass, so two passes suffice (as in the pack)
    story = [Spacer(1, 80), Paragraph("Panel pack", st["h1"]), Paragraph(e(plain["round"]), st["h2"]),
             Table([[cell("Label"), cell("Value")] for _ in range(10)], colWidths=[42 * mm, width - 42 * mm]),
             NextPageTemplate("body"), PageBreak(), Paragraph("Contents", st["h1"]), toc, PageBreak(),
             heading("Ranking and budget line", 0)]
    rows = [[cell(h) for h in ("Rank", "Ref.", "Organisation", "Total", "Priority", "Score", "Scored", "Amount", "Line")]]
    rows += [[str(a["rank"]), a["ref"], Paragraph(f"<b>{e(a['org'])}</b><br/>{e(a['title'])}", st["cell"]),
              num(a["total"]), num(a["priority"]), num(a["score"]), f"{a['coverage']:.0%}",
              f"£{a['cost']:,.0f}", cell(f"{a['status']} {a['decision']}")] for a in plain["apps"]]
    table = Table(rows, repeatRows=1, colWidths=[9 * mm, 17 * mm, 50 * mm, 12 * mm, 13.5 * mm, 12 * mm, 13 * mm,
                                                 17 * mm, width - 143.5 * mm])
    table.setStyle(grid)
    story += [table, PageBreak(), heading("Charts", 0)]
    for kind in (VerticalBarChart, LinePlot, HorizontalBarChart):
        drawing, chart = Drawing(width, 170), kind()
        chart.width, chart.height = width - 60, 120
        chart.data = ([[(a["cost"], a["sv"] or 0) for a in plain["apps"]]] if kind is LinePlot
                      else [[sum(1 for a in plain["apps"] if (a["total"] or 0) // 10 == b) for b in range(10)]])
        legend = Legend()
        legend.colorNamePairs = [("#43a047", "Within budget"), ("#5b8bd0", "Below the line"), ("#b0b7c0", "Not eligible")]
        legend.fontName, legend.x, legend.y = "RawSans", width - 260, 162
        drawing.add(chart)
        drawing.add(legend)
        drawing.add(String(width / 2, 6, "Axis", fontName="RawSans", fontSize=7))
        story += [Paragraph("Chart", st["h2"]), Paragraph("What the chart shows.", st["small"]), drawing]
    for a in plain["apps"]:
        story += [PageBreak(), heading(f"{a['ref']}  {a['org']}", 1), Paragraph(e(a["title"]), st["body"]),
                  Table([["Rank", "Score", "Requested", "Line", "Decision"],
                         [cell(f"<b>{a['rank']}</b> of 200"), cell(f"<b>{num(a['score'])}</b> = {e(a['why'])}"),
                          cell(a["cost"]), cell(a["status"]), cell(f"<b>{e(a['decision'])}</b>")]]),
                  Paragraph(e(a["summary"]), st["small"]),
                  KeepTogether([Paragraph("Decision", st["h2"]),
                                Paragraph(f"<b>{e(a['decided'])}</b> <font color='#616e7c'>(recorded)</font>", st["body"]),
                                Paragraph(f"Feedback to the applicant: {e(a['feedback'])}", st["small"])]),
                  Paragraph("Scores", st["h2"])]
        rows = [["Criterion"] + plain["people"] + ["Spread", "Panel"]]
        for title, scores, extra in a["rows"]:
            rows.append([title] + ([num(v) for v in scores] + [num(x) for x in extra]
                                         if scores is not None else [""] * len(plain["people"]) + ["", num(extra)]))
        scores = Table(rows, repeatRows=1, colWidths=[62 * mm] + [(width - 62 * mm) / (len(plain["people"]) + 2)]
                       * (len(plain["people"]) + 2))
        scores.setStyle(grid)
        story += [scores, Paragraph(LEGEND, st["small"])]
        story += [Paragraph(f"<b>{e(c)}: {v:g} (Good).</b> {e(r)} <font color='#616e7c'>Agreed by Panel chair.</font>",
                            st["body"]) for c, v, r in a["agreed"]]
        offers = Table([["Offer", "Commitment", "Who", "Where"]]
                       + [[cell(o[0]), o[1], cell(o[2]), o[3]] for o in a["offers"]])
        offers.setStyle(grid)
        story += [Paragraph("Social value offers", st["h2"]), offers, Paragraph("Evidence", st["h2"])]
        story += [Table([[[Paragraph(f"“{e(q)}”", st["body"]), Paragraph(f"<font color='#2e7d32'><b>{e(n)}</b></font>",
                                                                          st["small"]),
                            cell("From: What need will your project meet, and how do you know?")]]])
                  for q, n in a["quotes"]]
    doc = Doc(str(path), pagesize=A4)
    frame = Frame(18 * mm, 18 * mm, width, A4[1] - 38 * mm, id="body")
    doc.addPageTemplates([PageTemplate("first", [frame]), PageTemplate("body", [frame], onPage=header)])
    doc.multiBuild(story, canvasmaker=Numbered)


def run() -> list[Row]:
    from svassessor.reports.pack import write_pack

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.svdb"
        with Store.open(path, actor=CHAIR, create=True) as store:
            store.database.conn.execute("PRAGMA synchronous=OFF")  # building the fixture only; not timed
            make_round(store)
        steps: list[tuple[int, int]] = []
        figures, floors = [], []
        with Store.open(path, actor=CHAIR, readonly=True) as store:
            round_ = store.rounds.get(None)
            plain = floor_data(store, round_)
            for _ in range(REPEATS):
                started = time.perf_counter()
                render_floor(plain, Path(folder) / "floor.pdf")
                floors.append(time.perf_counter() - started)
                steps.clear()
                started = time.perf_counter()
                write_pack(store, round_, Path(folder) / "pack.pdf",
                           progress=lambda done, total, what: steps.append((done, total)))
                figures.append(time.perf_counter() - started)
        assert steps and steps[-1][0] == steps[-1][1], "progress must reach its total"
    return [Row(f"panel pack PDF, {APPLICATIONS} applications ({len(steps)} progress calls)", min(figures), "s", 10.0,
                min(floors), "the same pages built with reportlab alone from data in memory", 1.5)]
