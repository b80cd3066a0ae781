"""The ranking with the budget line drawn across it, and who would cross the line at other weights.

The line is drawn where the engine put it: above its cut-off (the first eligible application that
did not fit), or under the last funded one when everything eligible fitted. Rows are coloured by the
engine's status, and the panel's recorded decision is shown beside it, because the two can differ
(a reserve, an amount cut) and the panel must see where.

Column widths come from what they hold: a reference is printed whole on one line (real ones run to
17 characters and more, `360G-LBFEW-100001`) and the organisation's name wraps in the space left,
never under the reference. Only a reference too long to leave the organisation a readable column
(over about 24 characters) wraps inside its own cell.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from svassessor.reports.data import RoundData
from svassessor.reports.document import BODY_W, Heading
from svassessor.reports.fonts import BOLD, SANS, cell, markup
from svassessor.reports.style import (
    BODY,
    CELL,
    CELL_HEAD,
    CELL_HEAD_CENTRE,
    CELL_HEAD_RIGHT,
    DECISION_WORDS,
    FUNDED,
    H1,
    H2,
    INELIGIBLE_INK,
    LINE,
    SMALL,
    SMALL_MUTED,
    STATUS_WORDS,
    grid,
    money,
    points,
)
from svassessor.scoring.standing import Standing
from svassessor.scoring.weights import fixed_weight

_HEAD = ["Rank", "Reference", "Organisation and project", "Total", "Priority", "Score", "Scored", "Amount",
         "Budget line / decision"]
_REF, _ORG, _SCORE, _STATUS = 1, 2, 5, 8
_PAD = 6.5  # points: a cell's padding either side (3 + 3), and half a point of air
_STATUS_W = 28 * mm  # budget line and decision: words that wrap
_ORG_MIN = 32 * mm  # the organisation keeps at least this; a longer reference wraps instead
_LINE_TEXT = SMALL.clone("line-text", textColor=LINE, fontSize=8)


def _width(texts: list[str], column: int) -> float:
    """The width a column needs to print its header and every figure on one line each."""
    head = max(stringWidth(word, BOLD, 7.5) for word in _HEAD[column].split())
    return max([head, *(stringWidth(t, BOLD if column == _SCORE else SANS, 8) for t in texts)]) + _PAD


def _widths(figures: list[list[str]]) -> list[float]:
    """Every column fitted to its content; the organisation takes what is left, the reference what it needs."""
    columns = list(zip(*figures)) if figures else [()] * len(_HEAD)
    widths = [_width(list(texts), i) for i, texts in enumerate(columns)]
    widths[_STATUS] = _STATUS_W
    fixed = sum(w for i, w in enumerate(widths) if i not in (_REF, _ORG))
    widths[_REF] = min(widths[_REF], BODY_W - fixed - _ORG_MIN)
    widths[_ORG] = BODY_W - fixed - widths[_REF]
    return widths


def _reference(reference: str, width: float) -> str | Paragraph:
    """A reference on one line; one too long for its column wraps inside it (never over the next)."""
    if stringWidth(reference, SANS, 8) + 6 <= width:
        return cell(reference, CELL)
    return Paragraph(markup(reference), CELL)


def _status(data: RoundData, app_id: str) -> str:
    line = data.summary.budget
    status = line.status.get(app_id)
    words = STATUS_WORDS[status]
    if status == "not_eligible":
        words += f" — {markup(line.reasons[app_id])}"
    decision = data.decisions.get(app_id)
    if decision is not None:
        amount = f" {money(decision.amount_awarded)}" if decision.amount_awarded is not None else ""
        words += f"<br/><b>Decision: {DECISION_WORDS[decision.decision]}{amount}</b>"
    return words


def _failures(data: RoundData, standing: Standing) -> str:
    """The criteria below their pass mark, named under the project (the status column is narrow)."""
    if not standing.threshold_failures:
        return ""
    titles = "; ".join(markup(data.rubric.criterion(c).title) for c in standing.threshold_failures)
    return f"<br/><font color='#c62828' size='7'>Below pass mark: {titles}</font>"


def _line_row(data: RoundData) -> list:
    line = data.summary.budget
    text = (f"Budget line: {money(line.allocated)} allocated of {money(line.total)}, {money(line.left)} left. "
            f"Above the line is within budget in rank order.")
    return [Paragraph(text, _LINE_TEXT)] + [""] * (len(_HEAD) - 1)


def ranking_table(data: RoundData) -> Table:
    """One row per application, best first, with the budget line as a red row across the table."""
    summary = data.summary
    line = summary.budget
    rows: list[list] = [[Paragraph(h, CELL_HEAD_RIGHT if i in (3, 4, 5, 6, 7) else
                                   CELL_HEAD_CENTRE if i == 0 else CELL_HEAD) for i, h in enumerate(_HEAD)]]
    extra: list[tuple] = [("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (3, 1), (7, -1), "RIGHT"),
                          ("FONTNAME", (5, 1), (5, -1), BOLD)]
    funded_ids = [s.candidate.id for s in summary.ranking if line.status.get(s.candidate.id) == "funded"]
    line_before = line.cut_off
    line_after = funded_ids[-1] if line.total is not None and line.cut_off is None and funded_ids else None
    apps = {a.id: a for a in data.applications}
    figures = [[str(rank), apps[s.candidate.id].reference, "", points(s.total.total),
                f"+{points(s.priority_points)}" if s.priority_points else "", points(s.ranking_score),
                f"{s.total.coverage * 100:.0f}%", money(s.cost), ""]
               for rank, s in enumerate(summary.ranking, start=1)]
    widths = _widths(figures)
    for standing, figure in zip(summary.ranking, figures):
        app_id = standing.candidate.id
        if app_id == line_before:
            extra += _line_style(len(rows))
            rows.append(_line_row(data))
        app = apps[app_id]
        rows.append([
            figure[0], _reference(app.reference, widths[_REF]),
            Paragraph(f"<b>{markup(app.organisation.name)}</b><br/>{markup(app.title)}"
                      f"{_failures(data, standing)}", CELL),
            *figure[3:8], Paragraph(_status(data, app_id), CELL),
        ])
        status = line.status.get(app_id)
        if status == "funded":
            extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), FUNDED))
        elif status == "not_eligible":
            extra.append(("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), INELIGIBLE_INK))
        if app_id == line_after:
            extra += _line_style(len(rows))
            rows.append(_line_row(data))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(grid(*extra))
    return table


def _line_style(row: int) -> list[tuple]:
    return [("SPAN", (0, row), (-1, row)), ("LINEABOVE", (0, row), (-1, row), 1.6, LINE),
            ("LINEBELOW", (0, row), (-1, row), 1.6, LINE), ("TOPPADDING", (0, row), (-1, row), 3)]


def _what_if(data: RoundData) -> list[Flowable]:
    summary = data.summary
    if summary.budget.total is None:
        return []
    if (fixed := fixed_weight(data.rubric)) is not None:
        return [Spacer(1, 6 * mm), Paragraph("What if the social value weight moved", H2),
                Paragraph(markup(fixed), BODY)]
    if not summary.what_if:
        return []
    reference = {a.id: markup(a.reference) for a in data.applications}
    rows = [[Paragraph("If social value weighed", CELL_HEAD), Paragraph("Newly within budget", CELL_HEAD),
             Paragraph("No longer within budget", CELL_HEAD)]]
    for scenario in summary.what_if:
        if abs(scenario.sv_weight - summary.sv_weight) < 0.5:
            continue  # the weight already in use moves nothing
        rows.append([Paragraph(f"{points(scenario.sv_weight, 0)}%", CELL),
                     Paragraph(", ".join(reference[a] for a in scenario.newly_funded) or "none", CELL),
                     Paragraph(", ".join(reference[a] for a in scenario.no_longer_funded) or "none", CELL)])
    table = Table(rows, colWidths=[40 * mm, (BODY_W - 40 * mm) / 2, (BODY_W - 40 * mm) / 2], repeatRows=1)
    table.setStyle(grid())
    heading = Paragraph(f"What if the social value weight moved (now {points(summary.sv_weight, 0)}%)", H2)
    return [Spacer(1, 6 * mm), KeepTogether([heading, table])]  # never a heading alone at a page's foot


def _firmness(data: RoundData) -> list[Flowable]:
    """How firm the funding line is: the marginal applications with their funded share, and how it was made."""
    found = data.robustness
    if found is None:
        return []
    heading = Paragraph("How firm is the funding line", H2)
    how = Paragraph(markup(found.how), SMALL_MUTED)
    always = sum(1 for share in found.shares.values() if share == 1)
    never = sum(1 for share in found.shares.values() if share == 0)
    settled = Paragraph(f"Funded in every re-ranking: {always}. In none: {never}. "
                        f"Marginal, funded in some and not others: {len(found.marginal)}"
                        f"{', to discuss first:' if found.marginal else '.'}", BODY)
    if not found.marginal:
        return [Spacer(1, 6 * mm), KeepTogether([heading, settled, how])]
    apps = {a.id: a for a in data.applications}
    rows: list[list] = [[Paragraph(h, CELL_HEAD_RIGHT if i in (0, 3) else CELL_HEAD)
             for i, h in enumerate(("Rank", "Reference", "Organisation", "Funded in", "Budget line"))]]
    for app_id in found.marginal:
        rank, _ = data.standing[app_id]
        rows.append([str(rank), _reference(apps[app_id].reference, 44 * mm),
                     Paragraph(markup(apps[app_id].organisation.name), CELL),
                     f"{found.shares[app_id] * 100:.0f}%", Paragraph(_status(data, app_id), CELL)])
    table = Table(rows, colWidths=[12 * mm, 44 * mm, BODY_W - 12 * mm - 44 * mm - 20 * mm - _STATUS_W, 20 * mm,
                                   _STATUS_W], repeatRows=1)
    table.setStyle(grid(("ALIGN", (0, 1), (0, -1), "RIGHT"), ("ALIGN", (3, 1), (3, -1), "RIGHT")))
    return [Spacer(1, 6 * mm), KeepTogether([heading, settled, Spacer(1, 2 * mm), table]), Spacer(1, 2 * mm), how]


def ranking(data: RoundData) -> list[Flowable]:
    """The ranking section: how to read it, the table with its budget line, and the what-if."""
    summary = data.summary
    line = summary.budget
    funded_note = ("No budget is set, so no line is drawn." if line.total is None else
                   "Applications are funded strictly in rank order until the next one does not fit "
                   "(the red line); a smaller one further down is not moved above it.")
    legend = ("<b>Total</b>: assessed score out of 100 from the panel's combined scores. "
              "<b>Priority</b>: points for offers to the rubric's priority groups or places, shown beside the "
              "total, never hidden in it. <b>Score</b> = total + priority, and ranks. <b>Scored</b>: share of "
              "criteria with a score (below 100% the total is partial).")
    return [
        PageBreak(),
        Heading("Ranking and budget line", H1, toc="Ranking and budget line", outline="Ranking and budget line"),
        Paragraph(f"{len(summary.ranking)} applications, ranked by score. {funded_note} "
                  f"{markup(line.not_eligible_words())}", BODY),
        Paragraph(legend, SMALL_MUTED),
        Spacer(1, 3 * mm),
        ranking_table(data),
        *_what_if(data),
        *_firmness(data),
    ]

