"""The register as one self-contained HTML page: inline CSS and SVG, no script, no network.

A funder can put the file on its website or email it as it is. Every piece of user text is
HTML-escaped and set in a `dir="auto"` element, so markup in a story prints as text and a
right-to-left name or a stray direction mark cannot reorder the words around it. Headings, table
captions, a described chart (its figures repeated in a table) and a print style make it readable by
everyone and on paper.
"""

from __future__ import annotations

import os
import re
from datetime import date
from html import escape

from svassessor.monitoring.model import (
    NOT_MEASURED,
    STATUS_WORDS,
    ApplicationProgress,
    Group,
    OfferProgress,
    RoundProgress,
)
from svassessor.monitoring.words import amount, percent, when
from svassessor.register import content as words
from svassessor.register.style import CSS
from svassessor.register.svg import chart_svg
from svassessor.reports.output import atomic_output
from svassessor.reports.style import money

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The page's own sentences, already HTML: how to read the chart, and where the page comes from.
_CHART_HOW = ("The grey band and the dark line at 100% are the promise; the bar is what has been delivered so far. "
              "Bars short of the promise are orange. "
              'The same figures are in the table <a href="#by-theme">by theme</a> below.')
_MADE_WITH = ("Made with svassessor from the fund's own monitoring records; "
              "the stories and evidence are the funded groups' own words.")


def _t(text: str | None) -> str:
    """User text, escaped, control characters dropped, isolated in its own direction."""
    return f'<bdi dir="auto">{escape(_CONTROL.sub("", text or ""))}</bdi>'


def _paragraphs(text: str, cls: str) -> str:
    """Multi-line user text as escaped paragraphs, line breaks kept."""
    clean = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    paras = [p for p in re.split(r"\n\s*\n", clean) if p.strip()]
    return "".join(f'<p class="{cls}" dir="auto">{escape(p).replace(chr(10), "<br>")}</p>' for p in paras)


def _anchor(reference: str) -> str:
    return "app-" + re.sub(r"[^a-z0-9]+", "-", reference.casefold()).strip("-")


def _totals_table(groups: tuple[Group, ...], caption: str, first: str, anchor: str) -> str:
    rows = []
    for group in groups:
        tallies = group.totals.tallies
        span = max(len(tallies), 1)
        head = (f'<th scope="rowgroup" rowspan="{span}">{_t(group.label)}<br><span class="muted">'
                f'{escape(words.count(group.totals.offers))}: {escape(words.status_line(group.totals))}</span></th>')
        if not tallies:
            rows.append(f"<tr>{head}<td colspan=\"4\">–</td></tr>")
        for i, tally in enumerate(tallies):
            extra = [f"{n} {what}" for n, what in ((tally.unreported, "not yet reported"),
                                                   (tally.unquantified, "with no number promised")) if n]
            note = f'<br><span class="muted">{escape("; ".join(extra))}</span>' if extra else ""
            rows.append(f"<tr>{head if i == 0 else ''}<td>{_t(tally.label)}</td>"
                        f'<td class="num">{escape(amount(tally.promised, tally.unit))}</td>'
                        f'<td class="num">{escape(amount(tally.delivered, tally.unit))}</td>'
                        f'<td class="num">{escape(percent(tally.share))}'
                        f"{note}</td></tr>")
    return (f'<table id="{anchor}"><caption>{escape(caption)}</caption><thead><tr><th scope="col">{escape(first)}</th>'
            f'<th scope="col">Measure</th><th scope="col" class="num">Promised</th>'
            f'<th scope="col" class="num">Delivered so far</th><th scope="col" class="num">Share</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _status(status: str) -> str:
    return f'<span class="status s-{status}">{escape(STATUS_WORDS[status])}</span>'  # type: ignore[index]


def _offer(offer: OfferProgress) -> str:
    o = offer.offer
    facts = [("Promised", amount(o.quantity, offer.unit) if o.quantity is not None else "no number given"),
             ("Measure", offer.measure.name if offer.measure else NOT_MEASURED),
             ("Who benefits", o.beneficiary_group or "not named"), ("Where", o.place or "not named"),
             ("By when", o.timeframe or "no date given")]
    promise = "".join(f"<div><dt>{escape(k)}</dt><dd>{_t(v)}</dd></div>" for k, v in facts)
    share = min(offer.share or 0.0, 1.0)
    bar = (f'<div class="bar" aria-hidden="true"><span class="fill s-{offer.status}" '
           f'style="width:{share * 100:.1f}%"></span></div>')
    proxy = words.proxy_line(offer)
    proxy_html = f'<p class="proxy">{escape(proxy)}</p>' if proxy else ""
    reports = []
    for d in offer.history:
        body = _paragraphs(d.story, "story-text") if d.story else ""
        story = f'<blockquote class="story">{body}</blockquote>' if body else ""
        evidence = (f'<div class="evidence"><span class="label">Evidence</span>{_paragraphs(d.evidence, "ev")}</div>'
                    if d.evidence else "")
        if names := words.file_names(offer, d):
            evidence += f'<p class="files"><span class="label">Files kept with this report</span> {_t(names)}</p>'
        reports.append(f'<li><p class="report-head"><time datetime="{d.on.isoformat()}">{escape(when(d.on))}'
                       f'</time> {_status(d.status)} <span>{escape(amount(d.quantity, offer.unit))} so far</span></p>'
                       f'{story}{evidence}</li>')
    history = (f'<ol class="reports" aria-label="Reports on this commitment, oldest first">{"".join(reports)}</ol>'
               if reports else '<p class="muted">No report yet.</p>')
    return (f'<section class="offer" aria-labelledby="{_anchor(offer.reference)}-o{offer.number}">'
            f'<h4 id="{_anchor(offer.reference)}-o{offer.number}">Commitment {offer.number}: {_t(o.description)}</h4>'
            f'<dl class="promise">{promise}</dl>'
            f'<div class="progress">{bar}<p>{_status(offer.status)} {escape(words.offer_line(offer))}</p></div>'
            f"{proxy_html}{history}</section>")


def _application(app: ApplicationProgress) -> str:
    a = app.application
    anchor = _anchor(a.reference)
    return (f'<article id="{anchor}" aria-labelledby="{anchor}-h"><h3 id="{anchor}-h">{_t(a.reference)} · '
            f'{_t(a.organisation.name)}</h3><p class="project">{_t(a.title)}</p>'
            f'<p class="meta">Awarded {escape(money(app.decision.amount_awarded))}'
            f'{" · " + _t(a.organisation.area) if a.organisation.area else ""} · '
            f'{escape(words.count(len(app.offers)))}: {escape(words.status_line(app.totals))}</p>'
            f'{"".join(_offer(o) for o in app.offers)}</article>')


def register_html(progress: RoundProgress, *, published: date) -> str:
    """The whole page as text."""
    r = progress.round
    funder = r.funder_name or ""
    whose = f'{_t(r.name)}{", " + _t(funder) if funder else ""}'
    figures = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in words.headline(progress))
    rows = words.chart_rows(progress)
    proxy_total = words.totals_proxy_line(progress.totals)
    proxy_html = f'<p class="proxy">{escape(proxy_total)}</p>' if proxy_total else ""
    contents = "".join(f'<li><a href="#{_anchor(a.application.reference)}">{_t(a.application.reference)} · '
                       f'{_t(a.application.organisation.name)}</a></li>' for a in progress.applications)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="svassessor">
<title>{escape(words.TITLE)}: {escape(r.name)}{" · " + escape(funder) if funder else ""}</title>
<style>{CSS}</style>
</head>
<body>
<header class="masthead"><div class="wrap">
<p class="funder">{_t(funder)}</p>
<h1>{escape(words.TITLE)}</h1>
<p class="round">{_t(r.name)}</p>
<p class="dates">Published {escape(when(published))} · reports up to {escape(when(progress.as_of))}</p>
</div></header>
<main class="wrap">
<section aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p class="lead">{escape(words.INTRO)}</p>
<dl class="figures">{figures}</dl>
<p>{escape(words.HOW_TO_READ)}</p>
<p>{escape(words.PROXY_NOTE)}</p>
{proxy_html}
</section>
<section aria-labelledby="chart-h">
<h2 id="chart-h">Delivered against promised</h2>
<figure>{chart_svg(rows)}
<figcaption>{escape(words.CHART_TITLE)}. {_CHART_HOW}</figcaption>
</figure>
</section>
<section aria-labelledby="groups-h">
<h2 id="groups-h">Promised and delivered by theme, group and place</h2>
{_totals_table(progress.by_theme, "By theme of the fund's rubric", "Theme", "by-theme")}
{_totals_table(progress.by_group, "By beneficiary group", "Beneficiary group", "by-group")}
{_totals_table(progress.by_place, "By place", "Place", "by-place")}
</section>
<section aria-labelledby="apps-h">
<h2 id="apps-h">The funded projects and their commitments</h2>
<nav aria-label="Funded projects"><ol class="toc">{contents}</ol></nav>
{"".join(_application(a) for a in progress.applications)}
</section>
</main>
<footer class="wrap"><p>{escape(words.TITLE)} of {whose}. {_MADE_WITH}</p></footer>
</body>
</html>
"""


def write_html(progress: RoundProgress, path: str | os.PathLike[str], *, published: date) -> None:
    """Write the page as UTF-8, whole or not at all."""
    with atomic_output(path) as partial:
        partial.write_text(register_html(progress, published=published), encoding="utf-8")
