"""The core never imports Qt or the window: it must run headless, in scripts and on CI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import svassessor


def test_no_core_module_imports_qt_or_ui():
    modules = sorted(m.name for m in pkgutil.walk_packages(svassessor.__path__, "svassessor.")
                     if not m.name.endswith("__main__"))
    assert "svassessor.storage.audit" in modules
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
