"""The HTML register's stylesheet, inlined into the page so the file needs nothing else.

Colours pass WCAG AA contrast for their text (status labels are words, never colour alone); the print
style drops the masthead band, keeps bars printed, and keeps each commitment on one page where it can.
"""

CSS = """
:root { --ink:#1f2933; --muted:#52606d; --rule:#d5dae1; --band:#f4f6f8; --accent:#1d4e89; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff; line-height: 1.5; font-size: 16px; }
body { margin: 0; }
.wrap { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem; }
.masthead { background: var(--accent); color: #fff; padding: 1.75rem 0 1.5rem; }
.masthead h1 { margin: .1rem 0 .2rem; font-size: 2.1rem; line-height: 1.2; }
.masthead p { margin: 0; }
.masthead .funder { font-weight: 600; letter-spacing: .02em; }
.masthead .round { font-size: 1.3rem; }
.masthead .dates { margin-top: .5rem; opacity: .95; font-size: .95rem; }
h2 { font-size: 1.5rem; color: var(--accent); margin: 2.25rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.25rem; margin: 2rem 0 .1rem; }
h4 { font-size: 1.05rem; margin: 0 0 .5rem; }
.lead { font-size: 1.1rem; }
.muted { color: var(--muted); font-size: .9rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .6rem; margin: 1rem 0; }
.figures div { background: var(--band); border-radius: 6px; padding: .6rem .8rem; }
.figures dt { font-size: .85rem; color: var(--muted); }
.figures dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
svg.chart { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 1.75rem; font-size: .95rem; }
caption { text-align: left; font-weight: 700; font-size: 1.05rem; padding: .25rem 0 .5rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--band); font-size: .85rem; }
.num { text-align: right; white-space: nowrap; }
.toc { columns: 2; padding-left: 1.25rem; }
article { border-top: 3px solid var(--accent); margin-top: 2rem; }
.project { font-size: 1.05rem; margin: 0 0 .2rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.offer { border: 1px solid var(--rule); border-radius: 8px; padding: 1rem 1.1rem; margin: 0 0 1rem; }
.promise { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0 0 .6rem; font-size: .92rem; }
.promise dt { color: var(--muted); font-size: .8rem; }
.promise dd { margin: 0; }
.progress p { margin: .35rem 0 .5rem; }
.bar { height: .7rem; background: var(--band); border: 1px solid var(--rule); border-radius: 4px; overflow: hidden; }
.fill { display: block; height: 100%; }
.status { display: inline-block; font-size: .8rem; font-weight: 700; padding: .05rem .5rem; border-radius: 1rem;
  margin-right: .3rem; border: 1px solid currentColor; }
.status.s-delivered { color: #1b5e20; background: #e8f5e9; }
.status.s-on_track { color: #0d47a1; background: #e3f2fd; }
.status.s-at_risk { color: #6d4300; background: #fff4d6; }
.status.s-missed { color: #8e1b1b; background: #fdecea; }
.status.s-not_reported { color: #37474f; background: #eceff1; }
.fill.s-delivered { background: #2e7d32; } .fill.s-on_track { background: #1d6fb8; }
.fill.s-at_risk { background: #c77700; } .fill.s-missed { background: #c62828; }
.fill.s-not_reported { background: #90a4ae; }
.proxy { font-size: .88rem; color: var(--muted); border-left: 3px solid var(--rule); padding-left: .6rem; }
.reports { list-style: none; padding: 0; margin: .75rem 0 0; }
.reports li { border-top: 1px dashed var(--rule); padding: .6rem 0 .2rem; }
.report-head { margin: 0 0 .35rem; font-size: .92rem; }
.report-head time { font-weight: 700; margin-right: .4rem; }
blockquote.story { margin: .3rem 0 .4rem; padding: .2rem 0 .2rem .9rem; border-left: 4px solid #7b61a8;
  font-style: italic; font-size: 1.02rem; }
blockquote.story p { margin: .2rem 0; }
.evidence, .files { font-size: .9rem; }
.evidence .label, .files .label { font-weight: 700; color: var(--muted); font-size: .78rem; text-transform: uppercase;
  letter-spacing: .04em; display: block; }
.evidence p { margin: .1rem 0 .3rem; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); margin-top: 3rem;
  padding-top: .5rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #f2b544; outline-offset: 2px; }
@media print {
  html { font-size: 11pt; }
  .masthead { background: none; color: var(--ink); border-bottom: 3px solid var(--accent); padding: 0 0 .5rem; }
  .masthead h1 { color: var(--accent); }
  nav { display: none; }
  .wrap { max-width: none; padding: 0; }
  .offer, figure, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  #apps-h, article + article { break-before: page; }
  .bar, .fill, .status, .figures div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4; margin: 16mm 14mm; }
"""
