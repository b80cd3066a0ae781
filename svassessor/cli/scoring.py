"""Commands about scores: record one score, and summarise a round."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, cut, open_store
from svassessor.errors import NotAllowed
from svassessor.repository.assessments import UNSET


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--assessor", required=True, help="Who is scoring, as named in the round.")
@click.option("--application", "reference", required=True, help="The application's reference.")
@click.option("--criterion", required=True, help="The criterion id from the rubric.")
@click.option("--score", type=float, help="The score, a level of the rubric's scale.")
@click.option("--not-scored", is_flag=True, help="Mark the criterion explicitly not scored (never 0).")
@click.option("--comment", help="The assessor's justification for the score.")
def score(path: Path, round_name: str | None, assessor: str, reference: str, criterion: str,
          score: float | None, not_scored: bool, comment: str | None) -> None:
    """Record one score, saved durably and audited before the command returns.

    Example: svassessor score panel.svdb --assessor "Grants officer A" --application NF26-001
    --criterion need_evidence --score 3 --comment "Ward data and a survey of 120 residents."
    """
    if (score is None) == (not not_scored):
        raise NotAllowed("Give either --score N or --not-scored.")
    with open_store(path, actor=assessor) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.get(round_, assessor)
        application = store.applications.get(round_, reference)
        edit = store.assessments.set_score(
            round_, person, application.id, criterion,
            score=None if not_scored else score, not_scored=not_scored or UNSET,
            comment=UNSET if comment is None else comment)
    after = edit.after
    shown = "not scored" if after is None or after.not_scored else f"{after.score:g}"
    click.echo(f"{reference} {criterion}: {shown} by {assessor} (saved).")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--sv-weight", type=click.FloatRange(0, 100),
              help="What-if: rank with this social value weight (percent).")
@click.option("--robustness", is_flag=True,
              help="Also re-rank leaving out each assessor, resampling assessors and across the social value "
                   "weights the rubric allows: each application's funded share, and the marginal ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (stable keys; see the docs).")
def summary(path: Path, round_name: str | None, sv_weight: float | None, robustness: bool, as_json: bool) -> None:
    """Ranking, totals, threshold failures, spread flags, Krippendorff's alpha and the budget line.

    With --sv-weight, ranks under that social value weight and lists who crosses the budget line.
    With --robustness, says how firmly each application sits on its side of the funding line.

    Example: svassessor summary panel.svdb --round "Neighbourhood Fund 2026" --sv-weight 30
    """
    from svassessor.panel.summary import funding_line_robustness, summarise
    from svassessor.scoring.summary import robustness_json, summary_json

    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        rubric = store.rounds.rubric(round_)
        names = {a.id: a.name for a in store.assessors.for_round(round_)}
        base = summarise(store, round_, what_if_weights=[] if sv_weight is None else [sv_weight])
        shown = base if sv_weight is None else summarise(store, round_, sv_weight=sv_weight)
        firmness = funding_line_robustness(store, round_) if robustness else None
    document = summary_json(shown)
    if firmness is not None:
        document["robustness"] = robustness_json(firmness, shown)
    for flag in document["flags"]:
        flag["scores"] = {names.get(k, k): v for k, v in flag["scores"].items()}
    document["round"] = {"name": round_.name, "status": round_.status, "rubric": rubric.id,
                         "rubric_version": rubric.version}
    if sv_weight is not None:
        crossing = summary_json(base)["what_if"][0]
        document["crossing"] = {"newly_funded": crossing["newly_funded"],
                                "no_longer_funded": crossing["no_longer_funded"],
                                "base_sv_weight": base.sv_weight}
    if as_json:
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        click.echo(_summary_text(document))


_ORGANISATION = 40  # characters of an organisation's name shown; references are always shown whole


def _money(value: float | None) -> str:
    return "–" if value is None else f"£{value:,.2f}".replace(".00", "")


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _summary_text(doc: dict) -> str:
    """The summary as a grant officer reads it; rounding happens here, only for display."""
    lines = [f"{doc['round']['name']} ({doc['round']['status']}), rubric {doc['round']['rubric']} "
             f"{doc['round']['rubric_version']}, social value weight {doc['sv_weight']:g}%", ""]
    ref_w = max([len("reference"), *(len(r["reference"]) for r in doc["ranking"])]) + 2
    org_w = min(max([len("organisation"), *(len(r["organisation"]) for r in doc["ranking"])]), _ORGANISATION) + 2
    lines.append(f"{'rank':>4}  {'reference':<{ref_w}}{'organisation':<{org_w}}{'total':>6}{'prio':>6}{'score':>7}"
                 f"{'scored':>8}  {'amount':>10}  status")
    for r in doc["ranking"]:
        priority = f"+{r['priority_points']:g}" if r["priority_points"] else ""
        status = f"not eligible — {r['reason']}" if r["reason"] else (r["status"] or "").replace("_", " ")
        lines.append(f"{r['rank']:>4}  {r['reference']:<{ref_w}}{cut(r['organisation'], org_w - 2):<{org_w}}"
                     f"{_num(r['total']):>6}{priority:>6}{_num(r['ranking_score']):>7}{r['coverage'] * 100:>7.0f}%  "
                     f"{_money(r['amount']):>10}  {status}")
    budget = doc["budget"]
    lines.append("")
    if budget["total"] is None:
        lines.append("No budget set: no budget line drawn.")
    else:
        cut_off = f"; cut-off at {budget['cut_off']}" if budget["cut_off"] else ""
        lines.append(f"Budget {_money(budget['total'])}: allocated {_money(budget['allocated'])}, "
                     f"left {_money(budget['left'])}{cut_off}.")
    if budget["not_eligible"]:
        lines.append(budget["not_eligible"])
    if "crossing" in doc:
        c = doc["crossing"]
        lines.append(f"Compared with {c['base_sv_weight']:g}%: newly funded {', '.join(c['newly_funded']) or 'none'}; "
                     f"no longer funded {', '.join(c['no_longer_funded']) or 'none'}.")
    failures = [f"{r['reference']} ({', '.join(r['threshold_failures'])})" for r in doc["ranking"]
                if r["threshold_failures"]]
    lines.append(f"Below a pass mark: {', '.join(failures) if failures else 'none'}.")
    if doc["flags"]:
        lines.append("To discuss (assessors' spread at or over the rubric's threshold):")
        for f in doc["flags"]:
            given = ", ".join(f"{who} {score:g}" for who, score in f["scores"].items())
            lines.append(f"  {f['reference']} {f['criterion']}: spread {f['spread']:g} ({given})"
                         + (" — moderated" if f["moderated"] else ""))
    else:
        lines.append("No criterion's spread reaches the discussion threshold.")
    alpha = doc["alpha"]
    if alpha["ordinal"] is None:
        lines.append(f"Krippendorff's alpha: none ({alpha['note']}).")
    else:
        lines.append(f"Krippendorff's alpha: ordinal {alpha['ordinal']:.3f}, interval {alpha['interval']:.3f}.")
    if "robustness" in doc:
        lines += ["", _robustness_text(doc["robustness"])]
    return "\n".join(lines)


def _robustness_text(found: dict) -> str:
    """The marginal applications first, each with the share of re-rankings that fund it, then how it was made."""
    shares = {a["reference"]: a["funded_share"] for a in found["applications"]}
    if found["marginal"]:
        listed = "\n".join(f"  {ref}: funded in {shares[ref] * 100:.0f}%" for ref in found["marginal"])
        head = f"Marginal (funded in some re-rankings, not others; discuss these first):\n{listed}"
    else:
        head = "No application is marginal: every one is funded in all re-rankings or in none."
    return f"{head}\n{found['how']}"
