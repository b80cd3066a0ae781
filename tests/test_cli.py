"""The command line as a user runs it: a fresh process, one sentence and exit 2 for a mistake."""

from __future__ import annotations

import json
import sqlite3

import click
import pytest
from click.testing import CliRunner

from svassessor.cli import cli
from tests.conftest import cli_ok, run_cli


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.svdb"
    result = run_cli("demo", path)
    assert result.returncode == 0, result.stderr
    return path


def _commands(group: click.Group, prefix=()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None and command.name == name, name
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_in_the_cli_modules_is_reachable():
    """Commands are imported lazily by name: one defined but not listed would be unreachable."""
    import importlib
    import pkgutil

    import svassessor.cli as package

    reachable = {id(cli.get_command(click.Context(cli), name)) for name in cli.list_commands(click.Context(cli))}
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"svassessor.cli.{module.name}")
        defined = [v for v in vars(loaded).values() if isinstance(v, click.Command)
                   and getattr(v.callback, "__module__", None) == loaded.__name__ and not _is_subcommand(v, loaded)]
        for command in defined:
            assert id(command) in reachable, f"{module.name}.{command.name} is not listed in svassessor.cli"


def _is_subcommand(command: click.Command, module) -> bool:
    return any(isinstance(v, click.Group) and command in v.commands.values() for v in vars(module).values())


def test_every_command_answers_help():
    runner = CliRunner()
    names = list(_commands(cli))
    assert {("demo",), ("rounds",), ("check",), ("score",), ("summary",), ("rubric", "validate")} <= set(names)
    for name in names:
        result = runner.invoke(cli, [*name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output and len(result.output) > 80, name


def test_demo_then_check_passes(demo_file):
    result = run_cli("check", demo_file)
    assert result.returncode == 0, result.stderr
    assert "audit chain" in result.stdout and "verified" in result.stdout


def test_a_hand_edit_makes_check_fail_naming_the_event(demo_file, tmp_path):
    copy = _edited_copy(demo_file, tmp_path, "UPDATE scores SET comment = 'changed later' "
                                             "WHERE rowid = (SELECT min(rowid) FROM scores)")
    result = run_cli("check", copy)
    assert result.returncode == 1
    assert "audit event #" in result.stderr and "edited outside svassessor" in result.stderr
    assert "Traceback" not in result.stderr


def test_rounds_json_lists_both_demo_rounds(demo_file):
    result = run_cli("rounds", demo_file, "--json")
    assert result.returncode == 0, result.stderr
    rounds = {r["name"]: r for r in json.loads(result.stdout)}
    assert rounds["Neighbourhood Fund 2026"]["status"] == "scoring"
    assert rounds["Neighbourhood Fund 2026"]["applications"] == 12
    assert rounds["Neighbourhood Fund 2025"]["status"] == "monitoring"
    assert set(rounds["Neighbourhood Fund 2026"]) == {"name", "status", "applications", "budget", "nation",
                                                      "standstill_from", "standstill_ends", "retain_until"}


def test_summary_json_has_the_documented_keys(demo_file):
    result = run_cli("summary", demo_file, "--round", "Neighbourhood Fund 2026", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"ranking", "budget", "flags", "alpha"} <= set(doc)
    first = doc["ranking"][0]
    assert {"reference", "organisation", "total", "rank", "funded"} <= set(first)
    assert set(doc["budget"]) == {"total", "allocated", "left", "cut_off", "not_eligible"}
    assert doc["budget"]["allocated"] <= doc["budget"]["total"]


def test_summary_what_if_reports_who_crosses_the_line(demo_file):
    result = run_cli("summary", demo_file, "--round", "Neighbourhood Fund 2026", "--sv-weight", "10")
    assert result.returncode == 0, result.stderr
    assert "social value weight 10%" in result.stdout
    assert "newly funded" in result.stdout and "Budget £90,000" in result.stdout


def test_score_saves_and_the_summary_sees_it(demo_file, tmp_path):
    path = tmp_path / "copy.svdb"
    path.write_bytes(demo_file.read_bytes())
    args = ["--round", "Neighbourhood Fund 2026", "--assessor", "Grants officer B"]
    ok = run_cli("score", path, *args, "--application", "NF26-001", "--criterion", "value_money", "--score", "4",
                 "--comment", "Costs are itemised and modest.")
    assert ok.returncode == 0, ok.stderr
    assert run_cli("check", path).returncode == 0


@pytest.mark.parametrize("args, phrase", [
    (["--criterion", "nonsense", "--score", "3"], "no criterion 'nonsense'"),
    (["--criterion", "need_evidence", "--score", "7"], "not on the scale"),
    (["--criterion", "need_evidence"], "Give either --score N or --not-scored"),
])
def test_score_mistakes_get_one_sentence_and_exit_2(demo_file, args, phrase):
    result = run_cli("score", demo_file, "--round", "Neighbourhood Fund 2026", "--assessor", "Grants officer A",
                     "--application", "NF26-002", *args)
    assert result.returncode == 2
    assert phrase in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_file_problems_get_one_sentence_and_exit_2(tmp_path):
    notes = tmp_path / "notes.svdb"
    notes.write_text("just some text\n")
    for args in (["rounds", notes], ["rounds", tmp_path / "missing.svdb"], ["check", notes],
                 ["summary", tmp_path / "missing.svdb"]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("svassessor: ") and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert notes.read_text() == "just some text\n"


def test_round_new_with_a_shipped_rubric_then_a_broken_one(tmp_path):
    path = tmp_path / "new.svdb"
    made = run_cli("round", "new", path, "--name", "Spring grants", "--rubric", "small-grants", "--budget", "£40,000")
    assert made.returncode == 0, made.stderr
    rounds = json.loads(run_cli("rounds", path, "--json").stdout)
    assert rounds == [{"name": "Spring grants", "status": "setup", "applications": 0, "budget": 40000.0,
                       "nation": None, "standstill_from": None, "standstill_ends": None, "retain_until": None}]
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nname: [unclosed\n")
    result = run_cli("round", "new", path, "--name", "Autumn", "--rubric", broken)
    assert result.returncode == 2
    assert f"{broken}:2" in result.stderr and "Traceback" not in result.stderr
    assert len(json.loads(run_cli("rounds", path, "--json").stdout)) == 1


def _edited_copy(demo_file, tmp_path, statement):
    import shutil
    import subprocess

    copy = tmp_path / "edited.svdb"
    source = sqlite3.connect(demo_file)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(copy), statement], check=True)
    else:  # the set-up installs sqlite3; without it the same statement goes through Python's driver
        conn = sqlite3.connect(copy)
        conn.execute(statement)
        conn.commit()
        conn.close()
    return copy


@pytest.mark.parametrize("table, column", [
    ("rounds", "budget_pence"), ("applications", "title"), ("offers", "quantity"), ("assessors", "name"),
    ("conflicts", "reason"), ("assessments", "overall_comment"), ("scores", "score"), ("annotations", "note"),
    ("moderations", "rationale"), ("decisions", "amount_awarded_pence"), ("deliveries", "story"),
    ("narratives", "text"), ("rubric_snapshots", "yaml"),
])
def test_check_names_the_event_after_a_hand_edit_of_any_audited_table(demo_file, tmp_path, table, column):
    value = {"budget_pence": "1", "amount_awarded_pence": "1", "quantity": "987654", "score": "99"}.get(column, "'edited by hand'")
    copy = _edited_copy(demo_file, tmp_path,
                        f"UPDATE {table} SET {column} = {value} WHERE rowid = (SELECT max(rowid) FROM {table})")
    result = run_cli("check", copy)
    assert result.returncode == 1, result.stdout
    assert f"{table} row" in result.stderr and "audit event #" in result.stderr


def test_export_writes_the_commitments_register_with_its_stories(demo_file, tmp_path):
    out = tmp_path / "register.html"
    result = run_cli("export", demo_file, "--round", "Neighbourhood Fund 2025", "--format", "register-html", "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    with __import__("svassessor.store", fromlist=["Store"]).Store.open(demo_file, actor="t", readonly=True) as store:
        stories = [d.story for d in store.deliveries.for_round(store.rounds.get("Neighbourhood Fund 2025")) if d.story]
    import html

    assert stories and all(html.escape(s)[:60] in page for s in stories[:5])
    refused = run_cli("export", demo_file, "--round", "Neighbourhood Fund 2026", "--format", "register-pdf",
                      "-o", tmp_path / "r.pdf")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_a_backup_that_cannot_be_written_is_said_and_the_change_is_kept(tmp_path):
    """The user data folder is a file here, so no backup folder can be made under it."""
    import os
    import subprocess
    import sys

    path = tmp_path / "panel.svdb"
    cli_ok("round", "new", path, "--name", "Spring grants", "--rubric", "small-grants")
    blocked = tmp_path / "data-is-a-file"
    blocked.write_text("not a folder")
    result = subprocess.run([sys.executable, "-m", "svassessor", "round", "set", str(path), "--budget", "40000"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "XDG_DATA_HOME": str(blocked)})
    assert result.returncode == 0 and "budget £40,000" in result.stdout
    assert result.stderr.startswith("svassessor: The backup of ") and "could not be written" in result.stderr
    assert "the file itself is unaffected" in result.stderr and "Traceback" not in result.stderr
