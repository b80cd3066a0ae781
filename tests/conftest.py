"""Fixtures shared by the core, CLI and window tests."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from svassessor.models import Application, NarrativeAnswer, Offer, Organisation  # noqa: E402
from svassessor.store import Store  # noqa: E402

TINY_RUBRIC = """\
schema_version: 1
id: tiny
name: Tiny test rubric
version: "1.0"
description: Two themes, three criteria, for tests.
source: Written for svassessor's tests.
scale:
  levels:
    - {value: 0, label: No evidence, descriptor: "Nothing in the application addresses this."}
    - {value: 1, label: Weak, descriptor: "Claims without evidence."}
    - {value: 2, label: Adequate, descriptor: "Some evidence, gaps remain."}
    - {value: 3, label: Good, descriptor: "Clear evidence for most of it."}
    - {value: 4, label: Excellent, descriptor: "Specific, evidenced and convincing."}
themes:
  - id: need
    title: Need
    weight: 40
    part: quality
    criteria:
      - {id: need_evidence, title: Evidence of need, question: "What need will you meet?", pass_mark: 2}
  - id: offer
    title: Social value offer
    weight: 60
    criteria:
      - {id: offer_who, title: Who benefits, question: "Who will benefit?", weight: 2}
      - {id: offer_measures, title: Measurable commitments, question: "What will you deliver?"}
tags:
  - {id: evidence, label: Evidence, colour: "#2e7d32", key: e}
  - {id: risk, label: Risk, colour: "#c62828", key: r}
moderation: {aggregate: mean, spread_threshold: 2}
"""


@pytest.hookimpl(tryfirst=True)  # before pytest's own tmp_path set-up reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    """Everything the run writes goes under one scratch folder, removed when the run ends.

    Backups, remembered mappings and first-run demos (the user data folder), every `tmp_path`, and
    whatever the code under test or a command-line subprocess puts in the temporary folder (such as
    the copy of an attachment opened in its viewer): never the user's own folders, and nothing left in
    the temporary folder afterwards. Give `--basetemp DIR` to keep the tests' files to look at.
    A hook rather than module code, so it runs once however the module is imported.
    """
    scratch = Path(tempfile.mkdtemp(prefix="svassessor-tests-"))
    config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))
    patch = pytest.MonkeyPatch()
    config.add_cleanup(patch.undo)
    for variable, folder in (("XDG_DATA_HOME", "data"), ("TMPDIR", "tmp")):
        (scratch / folder).mkdir()
        patch.setenv(variable, str(scratch / folder))
    patch.setattr(tempfile, "tempdir", str(scratch / "tmp"))
    if config.option.basetemp is None:
        config.option.basetemp = str(scratch / "pytest")


@pytest.fixture
def svdb(tmp_path: Path) -> Path:
    return tmp_path / "panel.svdb"


@pytest.fixture
def store(svdb: Path):
    with Store.open(svdb, actor="Panel chair", create=True) as opened:
        yield opened


def make_application(round_id: str, reference: str, *, amount: str = "10000", org: str = "Example Community Trust",
                     narrative: str = "We run a lunch club for older people living alone.") -> Application:
    from decimal import Decimal

    return Application(
        round_id=round_id, reference=reference, organisation=Organisation(name=org, postcode="B19 1AA"),
        title=f"Project {reference}", amount_requested=Decimal(amount), summary="A test application.",
        narrative=[NarrativeAnswer(question="What need will your project meet?", text=narrative)],
        offers=[Offer(description="Weekly lunches", measure=None, quantity=40, unit="people")],
    )


@pytest.fixture
def scoring_round(store: Store):
    """A round in scoring with two applications and two assessors."""
    round_ = store.rounds.create(name="Test round", rubric_yaml=TINY_RUBRIC, status="scoring")
    store.applications.add([make_application(round_.id, "T-001"), make_application(round_.id, "T-002", amount="12480.50")])
    store.assessors.add(round_, name="Grants officer A")
    store.assessors.add(round_, name="Grants officer B")
    return round_


def run_cli(*args: str, cwd: Path | None = None):
    """Run the installed command line as a user would, in a fresh interpreter."""
    import subprocess

    return subprocess.run([sys.executable, "-m", "svassessor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def cli_ok(*args: str) -> str:
    """Run a command that must succeed; its standard output."""
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cli_refused(*args: str) -> str:
    """Run a user's mistake: exit 2 and what it says on stderr, no traceback."""
    result = run_cli(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stdout + result.stderr
    return result.stderr


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo file, built once per test run; tests that change it work on `demo_copy`."""
    from svassessor.demo.builder import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.svdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.svdb"
    path.write_bytes(demo_template.read_bytes())
    return path
