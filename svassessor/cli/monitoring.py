"""Commands for after the award: record a delivery, import grant holders' returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store, who
from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Delivery
from svassessor.monitoring.load import load_progress
from svassessor.monitoring.model import STATUS_WORDS
from svassessor.monitoring.words import amount, of, parse_status, percent
from svassessor.repository.delivery_files import DeliveryFile

STATUS_HELP = "on_track, at_risk, delivered or missed ('on track' and 'at risk' also read)."


class Day(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a date written YYYY-MM-DD", param, ctx)


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", required=True, help="The funded application's reference.")
@click.option("--offer", "number", type=click.IntRange(min=1), help="The offer's number in the application (1, 2, …).")
@click.option("--offer-id", help="The offer's id, instead of its number.")
@click.option("--on", "on", type=Day(), required=True, help="The date of the report (not after today).")
@click.option("--quantity", type=click.FloatRange(min=0), help="Delivered so far, in the offer's unit (cumulative).")
@click.option("--status", required=True, help=STATUS_HELP)
@click.option("--evidence", default="", help="How the grant holder knows: registers, counts, invoices.")
@click.option("--story", default="", help="A short story in the grant holder's or a beneficiary's words.")
@click.option("--attach", "attach", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file kept with the report (a register, a photograph); repeat for several.")
@click.option("--recorded-by", help="Who records it, for the audit log (default: the user running the command).")
def deliver(path: Path, round_name: str | None, reference: str, number: int | None, offer_id: str | None,
            on: dt.date, quantity: float | None, status: str, evidence: str, story: str,
            attach: tuple[Path, ...], recorded_by: str | None) -> None:
    """Record what a funded offer has delivered so far, audited, in a round in monitoring.

    Example: svassessor deliver panel.svdb --round "Neighbourhood Fund 2025" --application NF25-001
    --offer 1 --on 2026-04-10 --quantity 286 --status delivered --evidence "Year-end sign-in count"
    --story "He sets out the tables every week now." --attach register.pdf --attach photo.jpg

    Attached files are stored whole in the .svdb with their SHA-256: the report and all its files
    are kept, or none of them.
    """
    if (number is None) == (offer_id is None):
        raise NotAllowed("Name the offer with either --offer N or --offer-id ID.")
    parsed = parse_status(status)
    if parsed is None:
        raise NotAllowed(f"'{status}' is not a delivery status; use {STATUS_HELP}")
    actor = recorded_by or who()
    files = [DeliveryFile.read(p) for p in attach]
    with open_store(path, actor=actor) as store:
        round_ = store.rounds.get(round_name)
        application = store.applications.get(round_, reference)
        offers = application.offers
        if number is not None and number > len(offers):
            raise NotFound(f"{reference} has offers 1 to {len(offers)}, not {number}.")
        offer = offers[number - 1] if number is not None else next((o for o in offers if o.id == offer_id), None)
        if offer is None:
            raise NotFound(f"{reference} has no offer with id {offer_id}.")
        delivery = Delivery(offer_id=offer.id, on=on, quantity=quantity, status=parsed, evidence=evidence.strip(),
                            story=story.strip(), recorded_by=actor)
        progress = next((o for o in load_progress(store, round_).offers if o.offer.id == offer.id), None)
        doubt = progress.quantity_doubt(delivery) if progress is not None else None
        store.deliveries.record(round_, delivery, files=files)
    position = offers.index(offer) + 1
    if quantity is None:
        figures = "no quantity given"
    elif not offer.quantity:
        figures = amount(quantity, offer.unit or "")
    else:
        figures = f"{of(quantity, offer.quantity, offer.unit or '')} ({percent(quantity / offer.quantity)})"
    click.echo(f"{reference} offer {position} ({offer.description}): {figures}, {STATUS_WORDS[parsed].lower()}, "
               f"on {on.isoformat()} (saved).")
    if files:
        click.echo(f"Attached: {', '.join(f.filename for f in files)}.")
    if doubt is not None:  # saved, as asked; the officer is told why it may be a slip
        click.echo(f"svassessor: check this: {doubt}", err=True)


@click.group()
def deliveries() -> None:
    """Deliveries against funded offers: import grant holders' returns, list and extract their files."""


@deliveries.command("import")
@click.argument("path", type=FILE)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ROUND
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN",
              help="Take a field (reference, offer, date, quantity, status, evidence, story) from a column.")
@click.option("--dry-run", is_flag=True, help="Check every row and say what would be recorded; keep nothing.")
@click.option("--recorded-by", help="Who records them, for the audit log (default: the user running the command).")
def import_deliveries_command(path: Path, source: Path, round_name: str | None, maps: tuple[str, ...],
                              dry_run: bool, recorded_by: str | None) -> None:
    """Import deliveries from a CSV or XLSX that grant holders filled in: every row, or none.

    Columns (titles as written, any order): reference, offer (its number or description), date,
    quantity (delivered so far), status, evidence, story. A bad row is named with its column and
    nothing is kept; rows already recorded are skipped, so a return can be imported twice safely.

    Example: svassessor deliveries import panel.svdb --round "Neighbourhood Fund 2025" returns.csv
    """
    from svassessor.monitoring.imports import import_deliveries

    mapping = {}
    for item in maps:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise NotAllowed(f"--map takes FIELD=COLUMN, not '{item}'.")
        mapping[field.strip()] = column.strip()
    actor = recorded_by or who()
    with open_store(path, actor=actor) as store:
        round_ = store.rounds.get(round_name)
        result = import_deliveries(store, round_, source, mapping=mapping, recorded_by=actor, dry_run=dry_run)
    verb = "would be recorded" if dry_run else "recorded"
    click.echo(f"{source.name} ({result.detail}): {len(result.recorded)} deliveries {verb}"
               + (f", {result.skipped} already recorded and skipped" if result.skipped else "") + ".")
    if result.ignored_columns:
        click.echo(f"Columns not used: {', '.join(result.ignored_columns)}.")
    for doubt in result.doubts:
        click.echo(f"svassessor: check this: {doubt}", err=True)


@deliveries.command("files")
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", help="Only this application's report files.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects (keys above).")
def files_command(path: Path, round_name: str | None, reference: str | None, as_json: bool) -> None:
    """List the files kept with a round's delivery reports: reference, offer, report date, name, size, SHA-256.

    One line per file, tab-separated, by reference, offer and date; invisible and control
    characters in a stored name are printed as escapes (\\u202e). With --json, a list of objects
    with the keys: reference, offer (its number, 1, 2, …), offer_description, report_date
    (YYYY-MM-DD), filename (exactly as stored), media_type, size (in bytes), sha256, id,
    delivery_id, added_at.

    Example: svassessor deliveries files panel.svdb --round "Neighbourhood Fund 2025" --application NF25-004
    """
    import json

    from svassessor.monitoring.extract import shown, size_words
    from svassessor.repository.delivery_file_listing import report_files

    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        found = report_files(store, round_, reference)
    if as_json:
        click.echo(json.dumps([f.as_json() for f in found], indent=2))
        return
    if not found:
        click.echo(f"{reference}'s delivery reports have no files." if reference
                   else f"Round '{round_.name}' has no files kept with its delivery reports.")
    for f in found:
        click.echo(f"{f.reference}\toffer {f.offer}\t{f.report_date}\t{shown(f.filename)}\t{size_words(f.size)}\t"
                   f"{f.sha256}")


@deliveries.command("extract")
@click.argument("path", type=FILE)
@ROUND
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="The folder to write into (made if missing); each application's files go in a folder "
                   "named after its reference.")
@click.option("--application", "reference", help="Only this application's report files.")
def extract_command(path: Path, round_name: str | None, out: Path, reference: str | None) -> None:
    """Copy the files kept with a round's delivery reports out into a folder, each checked against its SHA-256.

    Each file is written as OUT/REFERENCE/NAME, its stored name made safe: no folders, no control
    or direction characters, no Windows device names, at most 150 characters. An existing file is
    never overwritten: the copy takes the next free name instead ('register (2).csv'), so running
    it twice keeps both. Every stored file is checked before anything is written (a damaged one
    stops the extract with nothing written), and each copy is read back and checked. One line per
    file says where it went.

    Example: svassessor deliveries extract panel.svdb --round "Neighbourhood Fund 2025" --out audit-2026
    """
    from svassessor.monitoring.extract import extract, shown, size_words
    from svassessor.repository.delivery_file_listing import report_files

    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        found = report_files(store, round_, reference)
        written = extract(store, found, out)
    for item in written:
        f = item.file
        renamed = "" if item.path.name == f.filename else f", stored as '{shown(f.filename)}'"
        click.echo(f"{item.path}: {f.reference} offer {f.offer}, {f.report_date}, {size_words(f.size)}"
                   f"{renamed}; SHA-256 matched.")
    whose = f"{reference}'s delivery reports" if reference else f"the delivery reports of '{round_.name}'"
    count = "1 file" if len(written) == 1 else f"{len(written)} files"
    click.echo(f"{count} from {whose} written to {out}." if written
               else f"No files kept with {whose}; nothing written.")
