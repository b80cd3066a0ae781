"""Where the real published files the tests read are: `../shared/data` beside the checkout, as CI has it."""

from __future__ import annotations

from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
