"""Build the one-folder desktop app with PyInstaller: `python build_installer.py`.

The result is `dist/svassessor/` with the `svassessor` executable, the shipped rubrics, fonts,
icons and demo content inside; copy the folder to a machine without Python and run it. `--check`
then starts the built app headless, asks its version, renders the window on a fresh demo file and
merges two assessors' files prepared from it, which is what CI-style smoke testing of an installer needs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
NAME = "svassessor"
# Qt modules the app never uses: leaving them out keeps the folder a fraction of the size.
EXCLUDED = ["PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.Qt3DCore", "PySide6.QtQuick",
            "PySide6.QtQml", "PySide6.QtMultimedia", "PySide6.QtPdf", "PySide6.QtBluetooth", "tkinter"]


# The package data (pyproject.toml's package-data), at the same places inside the bundle, where
# svassessor.paths finds it beside the package.
PACKAGE_DATA = ["svassessor/rubric/shipped", "svassessor/resources", "svassessor/demo"]


def _data(folder: str) -> list[str]:
    return ["--add-data", f"{ROOT / folder}{os.pathsep}{folder}"]


def build(dist: Path = DIST, work: Path = ROOT / "build") -> Path:
    from PyInstaller.__main__ import run

    icon = ROOT / "svassessor" / "resources" / "icons" / "svassessor.png"
    args = [str(ROOT / "svassessor" / "__main__.py"), "--name", NAME, "--onedir", "--noconfirm", "--clean",
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            *(arg for folder in PACKAGE_DATA for arg in _data(folder))]
    # The window is found through the package's entry points, and each command's module by name when
    # it runs: imports the analysis cannot see.
    args += ["--copy-metadata", "svassessor", "--collect-submodules", "ui", "--collect-submodules", "svassessor.cli"]
    if icon.exists():
        args += ["--icon", str(icon)]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    run(args)
    return dist / NAME / NAME


def check(executable: Path) -> None:
    """Start the built app: print its version, then render its window on a demo file offscreen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    version = subprocess.run([executable, "--version"], capture_output=True, text=True, env=env, timeout=120)
    print(version.stdout.strip() or version.stderr.strip())
    if version.returncode != 0:
        raise SystemExit(f"the built app did not start: {version.stderr.strip()}")
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.svdb"
        shot = Path(folder) / "window.png"
        returned = [Path(folder) / "officer-a.svdb", Path(folder) / "officer-b.svdb"]
        commands = [[executable, "demo", demo], [executable, "gui", demo, "--screenshot", shot],
                    *([executable, "prepare", demo, "--round", "Neighbourhood Fund 2026", "--assessor", name, "-o", out]
                      for name, out in zip(("Grants officer A", "Grants officer B"), returned)),
                    # Several files at once: read in worker processes, which the built app must be able to start.
                    [executable, "merge", demo, *returned]]
        for command in commands:
            result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
            if result.returncode != 0:
                raise SystemExit(f"{' '.join(map(str, command[1:2]))} failed in the built app: {result.stderr.strip()}")
        print(f"window rendered by the built app: {shot.stat().st_size} bytes")
        print(f"two returned files merged by the built app: {result.stdout.strip().splitlines()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="After building, start the app headless and check it.")
    parser.add_argument("--check-only", action="store_true", help="Check an existing build without rebuilding.")
    parser.add_argument("--dist", type=Path, default=DIST, help="Where the app folder goes (default: dist/).")
    options = parser.parse_args()
    work = options.dist.parent / "build" if options.dist != DIST else ROOT / "build"
    executable = options.dist / NAME / NAME if options.check_only else build(options.dist, work)
    if options.check or options.check_only:
        check(executable)


if __name__ == "__main__":
    sys.exit(main())
