"""`svassessor export`: every format through the command line, and clean one-sentence refusals."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from svassessor.cli import cli
from svassessor.cli.export import _progress
from tests.conftest import run_cli

LAST_YEAR = "Neighbourhood Fund 2025"


@pytest.fixture
def demo(demo_template):
    return demo_template


@pytest.mark.parametrize(("fmt", "starts", "says"), [
    ("pack", b"%PDF", "Panel pack of 'Neighbourhood Fund 2025' (6 applications)"),
    ("letters", b"%PDF", "6 feedback letters"),
    ("assessment", b"%PDF", "18 assessments"),
    ("csv", "Reference,Organisation".encode("utf-8-sig"), "(162 rows)"),
    ("csv-wide", "Rank,Reference".encode("utf-8-sig"), "(6 rows)"),
    ("xlsx", b"PK", "workbook"),
    ("360giving", b"Identifier,Title", "4 funded grants"),
    ("360giving-json", b"{", "4 funded grants"),
    ("json", b"{", "(round file)"),
])
def test_every_format_is_written(demo, tmp_path, fmt, starts, says):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(cli, ["export", str(demo), "--round", LAST_YEAR, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert says in result.output
    assert out.read_bytes().startswith(starts)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no partial file left beside it


def test_360giving_of_a_round_still_in_scoring_is_refused_in_one_sentence(demo, tmp_path):
    result = run_cli("export", demo, "--round", "Neighbourhood Fund 2026", "--format", "360giving",
                     "-o", tmp_path / "grants.csv")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "360Giving data is published once the round is decided" in result.stderr
    assert not (tmp_path / "grants.csv").exists()


def test_an_output_folder_that_does_not_exist_is_refused(demo, tmp_path):
    result = run_cli("export", demo, "--round", LAST_YEAR, "--format", "pack", "-o", tmp_path / "missing" / "pack.pdf")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"svassessor: The folder {tmp_path / 'missing'} does not exist, "
                                     "so pack.pdf cannot be written there.")


def test_assessment_filters_go_only_with_the_assessment_format(demo, tmp_path):
    result = CliRunner().invoke(cli, ["export", str(demo), "--round", LAST_YEAR, "--format", "csv",
                                      "--assessor", "Grants officer A", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "--format assessment" in result.output
    result = CliRunner().invoke(cli, ["export", str(demo), "--round", LAST_YEAR, "--format", "assessment",
                                      "--assessor", "Grants officer A", "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 0 and "6 assessments" in result.output


def test_json_360giving_from_the_command_line_is_a_package(demo, tmp_path):
    out = tmp_path / "grants.json"
    CliRunner().invoke(cli, ["export", str(demo), "--round", LAST_YEAR, "--format", "360giving-json", "-o", str(out)])
    assert len(json.loads(out.read_text(encoding="utf-8"))["grants"]) == 4


def test_export_help_names_every_format():
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    for fmt in ("pack", "letters", "assessment", "csv", "csv-wide", "xlsx", "360giving", "360giving-json", "json"):
        assert fmt in result.output


def test_the_terminal_progress_line_takes_a_step_without_words(monkeypatch, capsys):
    """A writer may report progress as (done, total) alone, as svassessor.progress allows; the command
    line's progress line must not fail the export over it."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _progress(3, 10)
    _progress(4, 10, "Laying out the pack")
    err = capsys.readouterr().err
    assert ": 3 of 10" in err
    assert "Laying out the pack: 4 of 10" in err


def test_a_disk_too_small_for_the_round_file_is_one_sentence_and_leaves_nothing(demo_template, tmp_path):
    """Writes past a size limit fail as on a full disk (RLIMIT_FSIZE: Python ignores SIGXFSZ, so a write raises).
    The limit leaves room for SQLite's 32 KiB shared-memory index, not for the 400 KB round file."""
    import resource
    import subprocess
    import sys

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    out = tmp_path / "round.json"
    result = subprocess.run([sys.executable, "-m", "svassessor", "export", str(demo_template), "--round",
                             "Neighbourhood Fund 2025", "--format", "json", "-o", str(out)], capture_output=True,
                            text=True, timeout=120, preexec_fn=small_disk)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "cannot be written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
