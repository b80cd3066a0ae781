"""Commands about the panel: who is on it, and their conflicts of interest (DESIGN §9).

Each is one core call (`store.assessors`), audited and refused with the same sentence as in the window.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store
from svassessor.models import ROLES, Role

_ROLE = click.Choice(ROLES)


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list of {name, role, assigned, scored, submitted, conflicts: [reference]}.")
def assessors(path: Path, round_name: str | None, as_json: bool) -> None:
    """List the round's panel: role, applications assigned to each, scored, submitted, and conflicts.

    Example: svassessor assessors panel.svdb --round "Neighbourhood Fund 2026" --json
    """
    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        people = store.assessors.work(round_)
    if as_json:
        click.echo(json.dumps([{"name": p.name, "role": p.role, "assigned": p.assigned, "scored": p.scored,
                                "submitted": p.submitted, "conflicts": p.conflicts, "interests": p.interests}
                               for p in people], indent=2, ensure_ascii=False))
        return
    if not people:
        click.echo(f"Round '{round_.name}' has no assessors yet; add one with: svassessor assessor add {path} "
                   f"--name NAME")
        return
    width = max(len(p.name) for p in people) + 2
    click.echo(f"{'name':<{width}}{'role':<10}{'assigned':>10}{'scored':>8}{'submitted':>11}  conflicts")
    for p in people:
        click.echo(f"{p.name:<{width}}{p.role:<10}{p.assigned:>10}{p.scored:>8}{p.submitted:>11}  "
                   f"{', '.join(p.conflicts) or '–'}")


@click.group("assessor")
def assessor_group() -> None:
    """Add, rename, change or remove someone on a round's panel."""


@assessor_group.command("add")
@click.argument("path", type=FILE)
@ROUND
@click.option("--name", required=True, help="Their name as the panel knows them.")
@click.option("--role", type=_ROLE, default="assessor", show_default=True,
              help="An assessor scores; a chair also moderates and decides.")
@click.option("--interests", default="", help="What they know and care about, for matching them to applications.")
def assessor_add(path: Path, round_name: str | None, name: str, role: Role, interests: str) -> None:
    """Put someone on the panel (while the round is in setup or scoring).

    Example: svassessor assessor add panel.svdb --name "Grants officer A" --interests "Youth work; food poverty"
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.add(round_, name=name, role=role, interests=interests)
    click.echo(f"{person.name} is on the panel of round '{round_.name}' as {person.role}.")


@assessor_group.command("remove")
@click.argument("path", type=FILE)
@ROUND
@click.option("--name", required=True, help="The assessor to take off the panel.")
def assessor_remove(path: Path, round_name: str | None, name: str) -> None:
    """Take someone off the panel, with their conflicts; only while they have no scores.

    Example: svassessor assessor remove panel.svdb --name "Grants officer C"
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        store.assessors.remove(round_, store.assessors.get(round_, name))
    click.echo(f"{name} is no longer on the panel of round '{round_.name}'.")


@assessor_group.command("rename")
@click.argument("path", type=FILE)
@ROUND
@click.option("--name", required=True, help="Their name now.")
@click.option("--to", "new_name", required=True, help="Their name from now on.")
def assessor_rename(path: Path, round_name: str | None, name: str, new_name: str) -> None:
    """Correct an assessor's name; their scores and conflicts stay theirs.

    Example: svassessor assessor rename panel.svdb --name "Grants oficer A" --to "Grants officer A"
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.rename(round_, store.assessors.get(round_, name), new_name)
    click.echo(f"{name} is now {person.name}.")


@assessor_group.command("set")
@click.argument("path", type=FILE)
@ROUND
@click.option("--name", required=True, help="The assessor to change.")
@click.option("--role", type=_ROLE, help="Make them an assessor or the chair.")
@click.option("--interests", help="Replace their interests (an empty value clears them).")
def assessor_set(path: Path, round_name: str | None, name: str, role: Role | None, interests: str | None) -> None:
    """Change an assessor's role or interests.

    Example: svassessor assessor set panel.svdb --name "Grants officer A" --role chair
    """
    if role is None and interests is None:
        raise click.UsageError("Say what to change: --role or --interests.")
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.get(round_, name)
        if role is not None:
            person = store.assessors.set_role(round_, person, role)
        if interests is not None:
            person = store.assessors.set_interests(round_, person, interests)
    click.echo(f"{person.name}: {person.role}; interests {person.interests or 'none given'}.")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {assessor, reference, reason}.")
def conflicts(path: Path, round_name: str | None, as_json: bool) -> None:
    """List the round's declared conflicts of interest, by assessor, with their reasons.

    Example: svassessor conflicts panel.svdb --round "Neighbourhood Fund 2026" --json
    """
    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        found = store.assessors.conflicts(round_)
    if as_json:
        click.echo(json.dumps([{"assessor": c.assessor, "reference": c.reference, "reason": c.reason} for c in found],
                              indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo(f"No conflicts of interest are declared in round '{round_.name}'.")
    for c in found:
        click.echo(f"{c.assessor}\t{c.reference}\t{c.reason}")


@click.group("conflict")
def conflict_group() -> None:
    """Declare, withdraw or import conflicts of interest: a conflicted assessor never opens or scores the
    application."""


@conflict_group.command("add")
@click.argument("path", type=FILE)
@ROUND
@click.option("--assessor", required=True, help="The assessor with the conflict.")
@click.option("--application", "reference", required=True, help="The application's reference.")
@click.option("--reason", required=True, help="Why, in a few words (required).")
def conflict_add(path: Path, round_name: str | None, assessor: str, reference: str, reason: str) -> None:
    """Declare a conflict of interest (at any time before the round is decided: a conflict can surface late).

    Example: svassessor conflict add panel.svdb --assessor "Grants officer A" --application NF26-004
    --reason "Trustee of the applicant"
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        store.assessors.declare_conflict(store.assessors.get(round_, assessor),
                                         store.applications.get(round_, reference), reason=reason)
    click.echo(f"{assessor} has a conflict of interest with {reference}: {reason.strip()}.")


@conflict_group.command("remove")
@click.argument("path", type=FILE)
@ROUND
@click.option("--assessor", required=True, help="The assessor whose conflict to withdraw.")
@click.option("--application", "reference", required=True, help="The application's reference.")
def conflict_remove(path: Path, round_name: str | None, assessor: str, reference: str) -> None:
    """Withdraw a conflict declared in error (setup or scoring); the assessor may then score the application.

    Example: svassessor conflict remove panel.svdb --assessor "Grants officer A" --application NF26-004
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        store.assessors.withdraw_conflict(store.assessors.get(round_, assessor),
                                          store.applications.get(round_, reference))
    click.echo(f"{assessor} no longer has a conflict of interest with {reference}.")


@conflict_group.command("import")
@click.argument("path", type=FILE)
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ROUND
def conflict_import(path: Path, table: Path, round_name: str | None) -> None:
    """Declare the conflicts in a CSV or XLSX file with the columns assessor, reference, reason.

    All or nothing: a bad row (an assessor or reference not in the round, a blank reason) is named by row
    and column and nothing is kept. Rows already declared change nothing.

    Example: svassessor conflict import panel.svdb --round "Neighbourhood Fund 2026" conflicts.csv
    """
    from svassessor.cli.importing import _report_problems
    from svassessor.importing import ImportRejected
    from svassessor.importing.conflicts import import_conflicts

    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        try:
            changed = import_conflicts(store, round_, table)
        except ImportRejected as error:
            _report_problems(error)  # every bad row, then the one-sentence summary
            raise
        total = len(store.assessors.conflicts(round_))
    click.echo(f"{changed} conflict{'' if changed == 1 else 's'} of interest declared or changed from {table.name}; "
               f"round '{round_.name}' now has {total}.")
