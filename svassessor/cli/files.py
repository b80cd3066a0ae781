"""Commands about whole files and rounds: demo, rounds, round new/set/status, check."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from svassessor.anonymity.view import anonymity_text
from svassessor.cli.common import FILE, ROUND, Money, money_text, open_store, who
from svassessor.cli.monitoring import Day
from svassessor.errors import FileProblem, NotFound
from svassessor.models import ROUND_STATUSES, RoundStatus
from svassessor.rubric.loader import shipped_rubrics
from svassessor.standstill import NATION_NAMES, long_day, standstill_sentence
from svassessor.store import Store

_Command = TypeVar("_Command", bound=Callable[..., Any])


@click.command()
@click.argument("path", type=FILE)
def demo(path: Path) -> None:
    """Create a demo file: this year's round being scored, last year's in monitoring, and a decided council tender.

    Example: svassessor demo demo.svdb
    """
    from svassessor.demo.builder import build_demo

    if path.exists():
        raise FileProblem(f"{path} already exists; choose a new file name for the demo.")
    build_demo(path)
    with open_store(path, readonly=True) as store:
        for info in store.rounds.list():
            click.echo(f"{info.name}: {info.status}, {info.applications} applications, "
                       f"budget {money_text(info.budget)}")
    click.echo(f"Demo written to {path}.")


@click.command()
@click.argument("path", type=FILE)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {name, status, applications, budget, "
                                                     "nation, standstill_from, standstill_ends, retain_until}.")
def rounds(path: Path, as_json: bool) -> None:
    """List the rounds in a file: name, status, applications, budget, and a tender's standstill.

    Example: svassessor rounds panel.svdb --json
    """
    with open_store(path, readonly=True) as store:
        infos = store.rounds.list()
    if as_json:
        click.echo(json.dumps([
            {"name": i.name, "status": i.status, "applications": i.applications,
             "budget": None if i.budget is None else float(i.budget), "nation": i.nation,
             "standstill_from": _iso(i.standstill_from), "standstill_ends": _iso(i.standstill_ends),
             "retain_until": _iso(i.retain_until)}
            for i in infos], indent=2))
        return
    if not infos:
        click.echo(f"{path} holds no rounds yet.")
    for i in infos:
        standstill = "" if i.standstill_ends is None else f"\tstandstill ends {long_day(i.standstill_ends)}"
        click.echo(f"{i.name}\t{i.status}\t{i.applications} applications\tbudget {money_text(i.budget) or 'not set'}"
                   f"{standstill}")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@click.group("round")
def round_group() -> None:
    """Make a round, or move it through setup → scoring → moderation → decided → monitoring."""


def _rubric_text(rubric: str) -> tuple[str, str]:
    """A rubric file's text, or a shipped rubric's by its name (small-grants, charter, small-contract)."""
    path = Path(rubric)
    if not path.exists():
        shipped = {p.stem: p for p in shipped_rubrics().values()}
        if rubric not in shipped:
            names = ", ".join(sorted(shipped))
            raise NotFound(f"{rubric} is neither a rubric file nor a shipped rubric ({names}).")
        path = shipped[rubric]
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except UnicodeDecodeError as error:
        raise FileProblem(f"{path} is not UTF-8 text, so it cannot be a rubric.") from error


def _funder_options(command: _Command) -> _Command:
    """--funder-name, --funder-id and --prefix: who funds a round, as 360Giving data names it."""
    for option in reversed([
        click.option("--funder-name", help="The funder's name, as 360Giving data gives it (Funding Org:Name)."),
        click.option("--funder-id", help="The funder's org-id from org-id.guide, e.g. GB-CHC-1234567 "
                                         "(Funding Org:Identifier)."),
        click.option("--prefix", help="The funder's 360Giving prefix, e.g. 360G-EXAMPLE, put before the round's "
                                      "own references to make grant identifiers."),
    ]):
        command = option(command)
    return command


@round_group.command("new")
@click.argument("path", type=FILE)
@click.option("--name", required=True, help="The round's name, e.g. 'Neighbourhood Fund 2026'.")
@click.option("--rubric", "rubric", required=True,
              help="A rubric YAML file, or a shipped one: small-grants, charter, small-contract.")
@click.option("--budget", type=Money(), help="The money to award, in pounds.")
@_funder_options
def round_new(path: Path, name: str, rubric: str, budget: Decimal | None, funder_name: str | None,
              funder_id: str | None, prefix: str | None) -> None:
    """Create a round (and the file, if it does not exist yet) with a frozen copy of its rubric.

    The funder's name, org-id and 360Giving prefix are what 360Giving data names the grants by.

    Example: svassessor round new panel.svdb --name "Neighbourhood Fund 2026" --rubric small-grants --budget 90000
    --funder-name "Example Community Foundation" --funder-id GB-CHC-1234567 --prefix 360G-EXAMPLE
    """
    text, filename = _rubric_text(rubric)
    new = not path.exists()
    try:
        with Store.open(path, actor=who(), create=True) as store:
            created = store.rounds.create(name=name, rubric_yaml=text, rubric_filename=filename, budget=budget,
                                          funder_name=funder_name, funder_org_id=funder_id,
                                          funder_identifier=prefix)
    except BaseException:
        if new:  # a round refused on a new path leaves no empty file behind
            for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                made.unlink(missing_ok=True)
        raise
    click.echo(f"Round '{created.name}' created in {path} ({created.status}).")


class SvWeight(click.ParamType):
    """A social value weight in percent, or 'own' for the rubric's own weight."""

    name = "PCT"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float | str:
        if value is OWN or isinstance(value, float):
            return value
        text = str(value).strip().rstrip("%").strip()
        if text.lower() == "own":
            return OWN
        try:
            return float(text)
        except ValueError:
            self.fail(f"'{value}' is not a percentage (or 'own' for the rubric's own weight)", param, ctx)


OWN = "own"  # --sv-weight own: back to the rubric's own weight
NONE = "none"  # --retain-until none: no retention date


class DayOrNone(click.ParamType):
    """A date written YYYY-MM-DD, or 'none'."""

    name = "YYYY-MM-DD|none"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date | str:
        if value is NONE or str(value).strip().lower() == NONE:
            return NONE
        return Day().convert(value, param, ctx)


@round_group.command("set")
@click.argument("path", type=FILE)
@ROUND
@click.option("--name", "new_name", help="A new name for the round.")
@click.option("--budget", type=Money(), help="The money to award, in pounds.")
@click.option("--opens", type=Day(), help="The day applications open, YYYY-MM-DD.")
@click.option("--closes", type=Day(), help="The day applications close, YYYY-MM-DD (not before it opens).")
@_funder_options
@click.option("--sv-weight", type=SvWeight(), help="The social value weight the round ranks with, in percent, "
                                                    "within the rubric's limits; 'own' for the rubric's own.")
@click.option("--nation", help="The part of the UK whose bank holidays count the standstill: england, wales, "
                               "scotland or northern-ireland (an empty value clears it).")
@click.option("--standstill-from", type=Day(), help="A tender's: the day the contract award notice is published, "
                                                    "YYYY-MM-DD, the first of the standstill's 8 working days.")
@click.option("--anonymised/--named", "anonymised", default=None,
              help="Anonymised: assessors see 'Applicant 017' and redacted text until identities are revealed.")
@click.option("--reveal-at", type=click.Choice(("moderation", "decided", "monitoring")),
              help="The status at which an anonymised round shows its applicants to the panel (moderation unless "
                   "set).")
@click.option("--retain-until", type=DayOrNone(), help="Keep the round's personal data until this day, YYYY-MM-DD "
                                                        "(then svassessor erase); 'none' to keep it until erased.")
def round_set(path: Path, round_name: str | None, new_name: str | None, budget: Decimal | None,
              opens: date | None, closes: date | None, funder_name: str | None, funder_id: str | None,
              prefix: str | None, sv_weight: float | str | None, nation: str | None,
              standstill_from: date | None, anonymised: bool | None, reveal_at: str | None,
              retain_until: date | str | None) -> None:
    """Change a round's settings; only those given change, all checked first, in one audited step.

    An empty --funder-name, --funder-id or --prefix clears it. A tender's standstill (Procurement Act
    2023, s.51) is counted in the working days of the round's part of the UK, and printed back.

    Example: svassessor round set panel.svdb --round "Neighbourhood Fund 2026" --budget 90000
    --opens 2026-03-01 --closes 2026-04-30 --funder-id GB-CHC-1234567 --sv-weight 30

    Example: svassessor round set council.svdb --round "Community meals contract" --nation england
    --standstill-from 2026-12-04
    """
    given = {"name": new_name, "budget": budget, "opens": opens, "closes": closes, "sv_weight": sv_weight,
             "funder_name": funder_name, "funder_org_id": funder_id, "funder_identifier": prefix, "nation": nation,
             "standstill_from": standstill_from, "anonymised": anonymised, "reveal_at": reveal_at,
             "retain_until": retain_until}
    changes: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    if not changes:
        raise click.UsageError("Say what to change: --name, --budget, --opens, --closes, --retain-until, "
                               "--funder-name, --funder-id, --prefix, --sv-weight, --nation or --standstill-from "
                               "(or --anonymised, --named, --reveal-at).")
    if changes.get("sv_weight") is OWN:
        changes["sv_weight"] = None
    if changes.get("retain_until") is NONE:
        changes["retain_until"] = None
    with open_store(path) as store:
        round_ = store.rounds.update(store.rounds.get(round_name), **changes)
        own = store.rounds.rubric(round_).social_value_share
        ends = store.rounds.standstill_ends(round_)
    weight = f"{own:g}% (the rubric's own)" if round_.sv_weight is None else f"{round_.sv_weight:g}%"
    click.echo(f"Round '{round_.name}': budget {money_text(round_.budget) or 'not set'}; opens "
               f"{round_.opens or 'not set'}, closes {round_.closes or 'not set'}; social value weight {weight}; "
               f"funder {round_.funder_name or 'not set'}, org-id {round_.funder_org_id or 'not set'}, "
               f"360Giving prefix {round_.funder_identifier or 'not set'}"
               f"{f'; in {NATION_NAMES[round_.nation]}' if round_.nation else ''}"
               f"{'; ' + anonymity_text(round_) if round_.anonymised or anonymised is not None else ''}"
               f"{f'; personal data kept until {round_.retain_until}' if round_.retain_until else ''}.")
    if ends is not None and round_.standstill_from is not None:
        click.echo(standstill_sentence(round_.standstill_from))


@round_group.command("status")
@click.argument("path", type=FILE)
@click.argument("status", type=click.Choice(ROUND_STATUSES))
@ROUND
@click.option("--force", is_flag=True, help="Move on even though work is left (unsubmitted assessments, "
                                            "unscored or undecided applications); the refusal names the counts.")
def round_status(path: Path, status: RoundStatus, round_name: str | None, force: bool) -> None:
    """Move a round to the next status (or back one).

    Moving on while work is left is refused, naming what is left, unless --force.

    Example: svassessor round status panel.svdb moderation --round "Neighbourhood Fund 2026"
    """
    with open_store(path) as store:
        round_ = store.rounds.set_status(store.rounds.get(round_name), status, force=force)
    click.echo(f"Round '{round_.name}' is now in {round_.status}.")


@click.command()
@click.argument("path", type=FILE)
@click.option("--head", metavar="HASH", help="The audit head printed on a document made from this file.")
def check(path: Path, head: str | None) -> None:
    """Check a file: SQLite's integrity check, and that the audit chain and every audited row agree.

    Exits 0 when both hold, 1 naming the first broken audit event or row. With --head, the audit head
    printed in the footer of a pack, letter or record this file made (the whole hash or its first 12
    characters or more): exits 1 unless the file's chain still passes through it.

    Example: svassessor check panel.svdb --head 3fa2c1d09b7e
    """
    from svassessor.storage.integrity import check_file

    report = check_file(path, head=head)
    for line in report.lines:
        click.echo(line, err=not report.ok)
    raise SystemExit(0 if report.ok else 1)
