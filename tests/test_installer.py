"""The PyInstaller one-folder app builds, starts without Python around it, and renders its window."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_built_app_prints_its_version_and_renders_the_demo(tmp_path):
    pytest.importorskip("PyInstaller")
    try:
        result = subprocess.run([sys.executable, str(ROOT / "build_installer.py"), "--check", "--dist",
                                 str(tmp_path / "dist")], capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "svassessor, version" in result.stdout
        assert "window rendered by the built app" in result.stdout
        assert "two returned files merged by the built app" in result.stdout
        bundled = tmp_path / "dist" / "svassessor" / "_internal"
        assert (bundled / "svassessor" / "rubric" / "shipped" / "small-grants.yaml").exists()
        assert any((bundled / "svassessor" / "resources" / "fonts").glob("*.ttf"))
    finally:
        # The built app and PyInstaller's work folder are hundreds of megabytes: never leave them behind.
        shutil.rmtree(tmp_path / "dist", ignore_errors=True)
        shutil.rmtree(tmp_path / "build", ignore_errors=True)
