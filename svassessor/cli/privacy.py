"""Commands about personal data: erase (retention and the right to erasure), personal-data (subject access)."""

from __future__ import annotations

from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", help="Erase one applicant only (its reference).")
@click.option("--dry-run", is_flag=True, help="Say what would be erased, and which rounds are past their retention "
                                             "date, without erasing anything.")
def erase(path: Path, round_name: str | None, reference: str | None, dry_run: bool) -> None:
    """Erase the personal data of a round's applicants (or of one), everywhere the file keeps it.

    Names, contact details, narrative answers, offers' evidence, delivery stories and files go from the rows,
    from every earlier value in the audit log, from the file's free space and log, and from its backups.
    References, amounts, scores, comments and decisions stay, and the audit log records the erasure; the
    chain still verifies (svassessor check).

    Example: svassessor erase panel.svdb --round "Neighbourhood Fund 2024" --dry-run
    """
    from svassessor.privacy.erase import erase_personal_data

    with open_store(path, readonly=dry_run) as store:
        round_ = store.rounds.get(round_name)
        if dry_run:
            line = store.erasures.overdue_line()
            planned = store.erasures.plan(round_, None if reference is None else [reference])
            if line:
                click.echo(line)
            for p in planned:
                held = f"{p.events} audit event{'s hold' if p.events != 1 else ' holds'} its values"
                click.echo(f"{p.reference} ({p.organisation}): would erase {p.what} ({held}).")
            click.echo(f"Nothing was erased (--dry-run); {len(planned)} applicant{'s' * (len(planned) != 1)} of "
                       f"round '{round_.name}' would be.")
            return
        report = erase_personal_data(store, round_, reference)
    for line in report.lines():
        click.echo(line)


@click.command("personal-data")
@click.argument("path", type=FILE)
@click.option("--name", required=True, help="The person's name (or an e-mail address or phone number).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write what was found to this plain text file (a .csv name writes CSV).")
def personal_data(path: Path, name: str, out: Path | None) -> None:
    """Find every place a person's name, e-mail or phone number appears: for a subject access request.

    Searches every round: applications and their form answers, narratives, offers, delivery reports,
    assessors' comments and highlights, decisions, and earlier values kept in the audit log. The e-mail
    addresses and phone numbers recorded beside the name are searched for too.

    Example: svassessor personal-data panel.svdb --name "Project coordinator 03" -o request.txt
    """
    from svassessor.privacy.subject_access import find, write_findings

    with open_store(path, readonly=True) as store:
        found = find(store, name)
    if out is not None:
        write_findings(found, out)
    for line in found.lines():
        click.echo(line)
    if out is not None:
        click.echo(f"Written to {out}.")
