"""The built wheel, installed on its own into a fresh virtualenv, is a working desktop app.

A user who runs `pip install` (or `pipx install`) of the wheel has no source folder around it: the
window (PySide6), the shipped rubrics, the demo's content and the fonts every PDF embeds must all come
with it. The wheel is installed outside the checkout, and the installed `svassessor` is run from
elsewhere with a clean environment: no PYTHONPATH, no display, no Qt platform chosen. The install
fetches the dependencies (Qt among them) from PyPI or pip's cache, so this module is slow; deselect it
with `-m "not wheel"`.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The install may download Qt on a machine whose pip cache is cold.
pytestmark = [pytest.mark.wheel, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parent.parent
# What the wheel is built from (pyproject.toml's packages and readme).
SOURCES = ("pyproject.toml", "README.md", "svassessor", "ui")
DEMO_ROUND = "Neighbourhood Fund 2025"  # decided, so its pack has a ranking


@dataclass
class Installed:
    venv: Path
    home: Path

    def run(self, *args: str | Path, timeout: int = 180) -> subprocess.CompletedProcess[str]:
        """Run the installed command as a user would: from a folder of theirs, nothing else set."""
        env = {"PATH": f"{self.venv / 'bin'}{os.pathsep}{os.defpath}", "HOME": str(self.home), "LANG": "C.UTF-8",
               "XDG_DATA_HOME": str(self.home / "data"), "XDG_CONFIG_HOME": str(self.home / "config"),
               "XDG_CACHE_HOME": str(self.home / "cache")}
        return subprocess.run([str(self.venv / "bin" / args[0]), *map(str, args[1:])], cwd=self.home, env=env,
                              capture_output=True, text=True, timeout=timeout)


def _pip(*args: str | Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([*map(str, args), "--disable-pip-version-check", "-q"], env=env, capture_output=True,
                          text=True, timeout=1000)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    try:
        # Built from a copy of the sources, so setuptools' build/ and egg-info stay out of the checkout
        # and nothing left in an old build/ can slip into the wheel.
        source = base / "source"
        source.mkdir()
        for name in SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(ROOT / name, source / name)
        _pip(sys.executable, "-m", "pip", "wheel", "--no-deps", source, "-w", base / "dist")
        (wheel,) = (base / "dist").glob("svassessor-*.whl")
        venv = base / "venv"
        subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
        _pip(venv / "bin" / "python", "-m", "pip", "install", wheel)
        home = base / "user"
        home.mkdir()
        yield Installed(venv, home)
    finally:
        # A virtualenv with Qt in it is most of a gigabyte: never leave it in the temporary folder.
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def demo(installed: Installed) -> Path:
    done = installed.run("svassessor", "demo", "demo.svdb")
    assert done.returncode == 0, done.stderr
    return installed.home / "demo.svdb"


def test_the_installed_app_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    done = installed.run("python", "-c", "import svassessor, ui.app; print(svassessor.__file__)")
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(installed.venv)
    assert installed.run("svassessor", "--version").stdout.startswith("svassessor, version")


def test_demo_and_a_round_from_a_shipped_rubric(installed: Installed, demo: Path) -> None:
    rounds = installed.run("svassessor", "rounds", demo)
    assert DEMO_ROUND in rounds.stdout, rounds.stderr
    created = installed.run("svassessor", "round", "new", "new.svdb", "--name", "X", "--rubric", "small-grants")
    assert created.returncode == 0, created.stderr
    assert installed.run("svassessor", "rounds", "new.svdb").stdout.startswith("X\tsetup")


def test_the_panel_pack_is_a_pdf_with_its_text(installed: Installed, demo: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = installed.run("svassessor", "export", demo, "--round", DEMO_ROUND, "--format", "pack", "-o", "pack.pdf")
    assert done.returncode == 0, done.stderr
    pdf = installed.home / "pack.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Panel pack" in text and DEMO_ROUND in text
    assert "Ranking and budget line" in text


def test_a_screenshot_needs_no_display(installed: Installed, demo: Path) -> None:
    done = installed.run("svassessor", "gui", demo, "--screenshot", "window.png")
    assert done.returncode == 0, done.stderr
    png = (installed.home / "window.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1600, 1000)
    assert len(png) > 50_000  # a drawn window, not an empty one


def test_a_window_without_a_display_says_so(installed: Installed, demo: Path) -> None:
    done = installed.run("svassessor", "gui", demo)
    assert done.returncode == 2
    assert done.stderr.startswith("svassessor: There is no display")
    assert "--screenshot" in done.stderr and "xvfb-run" in done.stderr
