"""What the window remembers between runs, in QSettings: who you are, files, geometry, theme."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

RECENT_LIMIT = 8


class Settings:
    """A typed face over QSettings; tests pass an INI file so they never touch the user's settings."""

    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings()

    @classmethod
    def at(cls, path: Path) -> Settings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # who you are
    @property
    def identity(self) -> tuple[str, str] | None:
        name = str(self.q.value("identity/name", "") or "")
        return (name, str(self.q.value("identity/role", "assessor"))) if name else None

    def set_identity(self, name: str, role: str) -> None:
        self.q.setValue("identity/name", name)
        self.q.setValue("identity/role", role)

    def assessor_for(self, path: Path, round_name: str) -> str | None:
        value = self.q.value(f"files/{_key(path)}/{_key_text(round_name)}/assessor")
        return str(value) if value else None

    def set_assessor_for(self, path: Path, round_name: str, assessor: str) -> None:
        self.q.setValue(f"files/{_key(path)}/{_key_text(round_name)}/assessor", assessor)

    def round_for(self, path: Path) -> str | None:
        value = self.q.value(f"files/{_key(path)}/round")
        return str(value) if value else None

    def set_round_for(self, path: Path, round_name: str) -> None:
        self.q.setValue(f"files/{_key(path)}/round", round_name)

    # files
    @property
    def recent_files(self) -> list[Path]:
        value = self.q.value("files/recent", [])
        names = [value] if isinstance(value, str) else list(value or [])
        return [Path(n) for n in names if n]

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        files = [path, *(p for p in self.recent_files if p != path)][:RECENT_LIMIT]
        self.q.setValue("files/recent", [str(p) for p in files])

    @property
    def last_file(self) -> Path | None:
        return next(iter(self.recent_files), None)

    # appearance
    @property
    def theme(self) -> str:
        return str(self.q.value("appearance/theme", "system"))

    def set_theme(self, theme: str) -> None:
        self.q.setValue("appearance/theme", theme)

    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()


def _key(path: Path) -> str:
    return _key_text(str(path.resolve()))


def _key_text(text: str) -> str:
    """A settings key segment: QSettings treats '/' and '\\' as group separators."""
    return text.encode("utf-8").hex()
