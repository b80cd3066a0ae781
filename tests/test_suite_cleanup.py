"""The test suite leaves nothing behind in the temporary folder (`conftest.pytest_configure`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_run_of_the_suite_leaves_the_temporary_folder_as_it_found_it(tmp_path):
    """A run whose tests write backups to the user data folder, use `tmp_path`, and open an attachment (which
    the window copies into the temporary folder for the viewer)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_backup.py::test_a_backup_that_cannot_be_written_does_not_stop_the_open",
         "tests/test_backup.py::test_a_new_file_has_no_backup_and_a_later_open_makes_one",
         "tests/test_ui_attachments.py::test_an_attachment_opens_by_keyboard"],
        cwd=ROOT, env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(os.listdir(temp)) == []
