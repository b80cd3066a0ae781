"""Commands that bring data in: applications (CSV, XLSX, 360Giving, round files) and narrative documents."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from svassessor.cli.common import FILE, ROUND, open_store, who
from svassessor.errors import NotAllowed
from svassessor.store import Store

if TYPE_CHECKING:
    from svassessor.importing.plan import ImportPlan

_SHOWN = 20


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--map field=column` pairs as {column: field}."""
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column:
            raise NotAllowed(f"--map '{pair}' is not FIELD=COLUMN (for example --map reference=\"App ID\").")
        mapping[column] = field.strip()
    return mapping


def _report_problems(error: Exception) -> None:
    """Every problem of a refused import on stderr, before the one-sentence summary."""
    problems = getattr(error, "problems", [])
    if len(problems) > 1:
        for problem in problems[:_SHOWN]:
            click.echo(f"  {problem.sentence()}", err=True)
        if len(problems) > _SHOWN:
            click.echo(f"  … and {len(problems) - _SHOWN} more", err=True)


@click.command("import")
@click.argument("path", type=FILE)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--round", "round_name", help="The round to import into (may be left out when the file holds one); "
                                            "for a round file, the name to give the new round.")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN",
              help="Map a column to a field (repeatable): reference, title, summary, amount_requested, price "
                   "(a tender's bid price), received, organisation.name/.type/.registration/.postcode/.area, "
                   "organisation.sme/.vcse (yes or no), narrative, narrative:QUESTION, offer.description, "
                   "offer.quantity, …, extra, ignore. In a "
                   "tender round, 360Giving's Amount Applied For (else Amount Awarded) is the price unless "
                   "you map another column to it.")
@click.option("--sheet", help="The XLSX sheet to read (default: a sheet called 'grants', else the first).")
@click.option("--dry-run", is_flag=True, help="Show what each column will fill, a preview and what would change; "
                                             "save nothing.")
def import_command(path: Path, source: Path, round_name: str | None, maps: tuple[str, ...], sheet: str | None,
                   dry_run: bool) -> None:
    """Import applications from CSV, XLSX or 360Giving JSON, or a whole round from a round file.

    360Giving column titles need no mapping; other columns are mapped with --map, and the mapping is
    remembered for files with the same columns. All or nothing: a bad row refuses the whole import,
    naming row and column. Importing again updates applications by reference and says what changed.

    Example: svassessor import panel.svdb --round "Neighbourhood Fund 2026" applications.csv
    --map reference="App ID" --map narrative="What need will you meet?"

    Example (a tender round): svassessor import panel.svdb --round "Cleaning contract" bids.csv
    --map price="Bid total" --dry-run
    """
    from svassessor.importing import ImportRejected, MappingMemory, import_applications, plan_import
    from svassessor.roundfile import import_round_json, is_round_file

    if is_round_file(source):
        if maps or sheet:
            raise NotAllowed("--map and --sheet are for applications files; a round file needs no mapping.")
        if dry_run:
            raise NotAllowed("--dry-run is for applications files; a round file makes a new round or nothing.")
        with Store.open(path, actor=who(), create=True) as store:  # a round file may start a new .svdb
            round_ = import_round_json(store, source, name=round_name)
            count = len(store.applications.for_round(round_))
        click.echo(f"Round '{round_.name}' imported from {source.name}: {count} applications, in {round_.status}.")
        return
    memory = MappingMemory()
    try:
        with open_store(path, readonly=dry_run) as store:
            round_ = store.rounds.get(round_name)
            tender = store.rounds.rubric(round_).kind == "tender"
            plan = plan_import(source, mapping=_mapping(maps), sheet=sheet, memory=memory, tender=tender)
            try:
                result = import_applications(store, round_, plan, dry_run=dry_run, memory=memory)
            except ImportRejected:
                if dry_run:
                    _show_plan(plan, plan.describe())
                raise
    except ImportRejected as error:
        _report_problems(error)
        raise
    if dry_run:
        _show_plan(plan, [use.sentence() for use in result.columns])
    for advice in plan.advice:
        click.echo(f"Note: {advice}", err=True)
    click.echo(result.summary())
    for reference, fields in list(result.updated.items())[:_SHOWN]:
        click.echo(f"  updated {reference}: {', '.join(fields)}")
    if len(result.updated) > _SHOWN:
        click.echo(f"  … and {len(result.updated) - _SHOWN} more updated")


def _show_plan(plan: ImportPlan, columns: list[str]) -> None:
    """The dry run's report: the source, what each column fills, and the first rows as they would arrive."""
    from svassessor.importing.rows import display

    click.echo(f"{plan.table.name}: {plan.table.detail}, {len(plan.table.rows)} {plan.table.unit}s")
    for line in columns:
        click.echo(f"  {line}")
    money = ["amount_requested", *(["price"] if plan.tender or "price" in plan.mapping.values() else [])]
    click.echo("Preview (reference | organisation | title | " + " | ".join(money).replace("_", " ") + "):")
    for row in plan.preview(5):
        if row.application is None:
            click.echo(f"  {plan.table.unit} {row.row}: " + "; ".join(p.problem for p in row.problems))
            continue
        app = row.application
        values = [display(app.values.get(k)) for k in ("organisation.name", "title", *money)]
        click.echo(f"  {plan.table.unit} {row.row}: {app.reference} | " + " | ".join(values))


@click.command()
@click.argument("path", type=FILE)
@click.argument("documents", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ROUND
@click.option("--application", "reference", help="The application the document belongs to; without it, each "
                                                  "document is matched by the reference in its file name.")
def narrative(path: Path, documents: tuple[Path, ...], round_name: str | None, reference: str | None) -> None:
    """Add narrative answers from .docx, .pdf, .txt or .md documents, storing each document with its SHA-256.

    Each heading of the document becomes a question with its answer. Several documents go in
    together or not at all.

    Example: svassessor narrative panel.svdb --round "Neighbourhood Fund 2026" --application NF26-003 answers.docx
    """
    from svassessor.importing.narratives import attach_documents

    if reference is not None and len(documents) > 1:
        raise NotAllowed("--application names one application: give one document with it, or leave it out "
                         "to match each document by the reference in its file name.")
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        results = attach_documents(store, round_, [(d, reference) for d in documents])
    for result in results:
        click.echo(result.summary())
