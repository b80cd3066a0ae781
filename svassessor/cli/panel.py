"""Commands of the offline panel and of file safety: prepare, merge, backups, restore."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store, who
from svassessor.errors import NotFound
from svassessor.sizes import size_text
from svassessor.storage.backup import BackupPolicy, age_text, list_backups, restore_backup, total_text
from svassessor.storage.database import open_database
from svassessor.store import Store


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--assessor", "assessor", required=True, help="The assessor the file is for.")
@click.option("-o", "--output", "out", type=FILE, required=True, help="The assessor's file to write (must not exist).")
def prepare(path: Path, round_name: str | None, assessor: str, out: Path) -> None:
    """Write one assessor's file: the round, rubric and applications they may score, and no one else's scores.

    Applications the assessor has a conflict of interest with are left out.

    Example: svassessor prepare panel.svdb --round "Neighbourhood Fund 2026" --assessor "Grants officer A"
    -o officer-a.svdb
    """
    from svassessor.panelfiles.prepare import prepare_assessor_file

    with open_store(path, readonly=True) as store:
        prepared = prepare_assessor_file(store, round_name=round_name, assessor_name=assessor, out=out)
    for line in prepared.lines():
        click.echo(line)


@click.command()
@click.argument("path", type=FILE)
@click.argument("sources", type=FILE, nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list: one report per file with its counts.")
def merge(path: Path, sources: tuple[Path, ...], as_json: bool) -> None:
    """Merge assessors' returned files into the panel's file, and report what came in.

    Each file is taken whole or not at all; rows already here are kept unless the file's edit is newer.
    Exits 0 when every file was merged (some rows may still be refused, each with its reason), 2 when a
    file was refused as a whole.

    Example: svassessor merge panel.svdb officer-a.svdb officer-b.svdb
    """
    from svassessor.panelfiles.merge import merge_files

    with open_store(path, actor=who()) as store:
        reports = merge_files(store, sources)
        backup = store.database.wait_for_backup()
    if as_json:
        click.echo(json.dumps([r.as_json() for r in reports], indent=2))
    else:
        for report in reports:
            for line in report.lines():
                click.echo(line)
        if backup is not None and any(r.changed for r in reports):
            click.echo(f"The file as it was before this merge is backed up in {backup.path}.")
    if any(r.refused_file for r in reports):
        raise SystemExit(2)


@click.command()
@click.argument("path", type=FILE)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {number, taken_at, size, path}.")
def backups(path: Path, as_json: bool) -> None:
    """List the backups of a file, newest first: when each was taken, how long ago, its size, and the total.

    Example: svassessor backups panel.svdb
    """
    policy = BackupPolicy()
    found = list_backups(path, policy)
    if as_json:
        click.echo(json.dumps([{"number": n, "taken_at": b.taken_at.isoformat(), "size": b.size, "path": str(b.path)}
                               for n, b in enumerate(found, 1)], indent=2))
        return
    if not found:
        click.echo(f"{path} has no backups yet.")
    now = policy.clock()
    ages, sizes = [age_text(b.taken_at, now) for b in found], [size_text(b.size) for b in found]
    wide = len(str(len(found))), max(map(len, ages), default=0), max(map(len, sizes), default=0)
    for n, (b, age, size) in enumerate(zip(found, ages, sizes), 1):
        click.echo(f"{n:>{wide[0]}}  {b.taken_at.astimezone():%Y-%m-%d %H:%M:%S}  {age:<{wide[1]}}  "
                   f"{size:>{wide[2]}}  {b.path}")
    if found:
        click.echo(f"{total_text(found)}.")
    click.echo(policy.rule.explained())


@click.command()
@click.argument("path", type=FILE)
@click.argument("backup")
def restore(path: Path, backup: str) -> None:
    """Put a file back as it was in one of its backups (a number from `svassessor backups`, or a path).

    What the file holds now is backed up first, so the restore can itself be undone.

    Example: svassessor restore panel.svdb 2
    """
    found = list_backups(path)
    if backup.isdigit():
        if not found:
            raise NotFound(f"{path} has no backups yet.")
        if not 1 <= int(backup) <= len(found):
            raise NotFound(f"{path} has {len(found)} backups; choose a number from 1 to {len(found)}.")
        chosen = found[int(backup) - 1].path
    else:
        chosen = Path(backup)
    with Store(open_database(path, backups=None), actor=who()) as store:
        saved = restore_backup(store.database, chosen, BackupPolicy())
    click.echo(f"{path} is restored from {chosen}; what it held before is backed up in {saved.path}.")
