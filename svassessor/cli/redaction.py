"""Commands about an anonymised round's redaction: preview one application, and the chair's own words."""

from __future__ import annotations

from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store


@click.group("redaction")
def redaction_group() -> None:
    """What an anonymised round's assessors are shown: preview it, add or remove words to redact."""


@redaction_group.command("preview")
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", required=True, help="The application's reference.")
def preview(path: Path, round_name: str | None, reference: str) -> None:
    """Print an application as an anonymised round's assessors see it, and what was replaced.

    Example: svassessor redaction preview panel.svdb --round "Neighbourhood Fund 2026" --application NF26-003
    """
    from svassessor.anonymity.redact import PLACEHOLDERS, replaced_sentence

    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        seen = store.anonymity.preview(round_, reference)
    app = seen.application
    if not round_.anonymised:
        click.echo(f"Round '{round_.name}' is named: this is what its assessors would see if it were anonymised "
                   f"(svassessor round set --anonymised).")
    click.echo(f"{app.organisation.name} ({reference})")
    click.echo(f"Title: {app.title}")
    if app.summary:
        click.echo(f"Summary: {app.summary}")
    for answer in app.narrative:
        click.echo(f"\n== {answer.question} ==\n{answer.text}")
    for n, offer in enumerate(app.offers, start=1):
        click.echo(f"\nOffer {n}: {offer.description}")
    if seen.withheld:
        click.echo(f"\nAttachments withheld (a document cannot be redacted safely): {', '.join(seen.withheld)}")
    click.echo("\n" + replaced_sentence(seen.counts))
    for where, redacted in seen.texts:
        for r in redacted.replacements:
            click.echo(f"  {PLACEHOLDERS[r.kind]} ← {r.original!r} ({where})")


@redaction_group.command("add")
@click.argument("path", type=FILE)
@ROUND
@click.option("--word", required=True, help="A word or phrase to redact, in any case.")
@click.option("--application", "reference", help="Redact it in this application only (else in the whole round).")
def add(path: Path, round_name: str | None, word: str, reference: str | None) -> None:
    """Redact a word or phrase as [redacted] wherever assessors of an anonymised round would read it.

    Files already prepared keep the redaction they were made with: prepare them again.

    Example: svassessor redaction add panel.svdb --round "Neighbourhood Fund 2026" --word Lozells
    --application NF26-003
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        application = store.applications.get(round_, reference) if reference else None
        added = store.anonymity.add_word(round_, word, application)
    where = f"in {reference}" if reference else f"in every application of round '{round_.name}'"
    click.echo(f"'{added.word}' will be redacted {where}.")


@redaction_group.command("remove")
@click.argument("path", type=FILE)
@ROUND
@click.option("--word", required=True, help="The word or phrase to stop redacting.")
@click.option("--application", "reference", help="The application it was added for (else the whole round's).")
def remove(path: Path, round_name: str | None, word: str, reference: str | None) -> None:
    """Stop redacting a word the chair added.

    Example: svassessor redaction remove panel.svdb --word "Lozells"
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        application = store.applications.get(round_, reference) if reference else None
        store.anonymity.remove_word(round_, word, application)
    click.echo(f"'{word}' is no longer redacted {'in ' + reference if reference else 'in the whole round'}.")
