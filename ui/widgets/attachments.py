"""The application's attachments: listed with their size, opened in the system's viewer (Enter)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from svassessor.errors import SvAssessorError
from svassessor.models import Attachment
from svassessor.repository.attachments import Attachments
from svassessor.sizes import size_text
from ui.context import AppContext
from ui.text import one_line, tr


class AttachmentList(QListWidget):
    """Stored files listed by name and size; Enter opens one from a temporary copy with a safe name.

    Used for an application's documents and for a delivery report's files (the same table holds both).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, name: str = "attachments",
                 label: str | None = None, empty: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.empty = empty if empty is not None else tr("No attachments.")
        self.setObjectName(name)
        self.setAccessibleName(label or tr("Attachments (Enter opens one)"))
        self.itemActivated.connect(self._open)

    def show_attachments(self, attachments: list[Attachment]) -> None:
        self.clear()
        for attachment in attachments:
            item = QListWidgetItem(f"{one_line(attachment.filename, 100)}  ({size_text(attachment.size)})")
            item.setData(Qt.ItemDataRole.UserRole, attachment)
            item.setToolTip(tr("Enter or double-click opens it in your system's viewer"))
            self.addItem(item)
        if not attachments:
            empty = QListWidgetItem(self.empty)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)

    def open_current(self) -> Path | None:
        """Open the chosen file in the system's viewer; returns the temporary copy opened, if any."""
        item = self.currentItem()
        return self._open(item) if item is not None else None

    def _open(self, item: QListWidgetItem) -> Path | None:
        # the one rule for a name someone else chose; it loads monitoring, so only when a file is opened
        from svassessor.monitoring.extract import safe_name

        attachment: Attachment | None = item.data(Qt.ItemDataRole.UserRole)
        if attachment is None or self.ctx.store is None:
            return None
        try:
            content = Attachments(self.ctx.store).content(attachment.id)  # checked against its SHA-256
        except SvAssessorError as error:
            self.ctx.report(error)
            return None
        folder = Path(tempfile.mkdtemp(prefix="svassessor-"))
        path = folder / safe_name(attachment.filename)
        path.write_bytes(content)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.ctx.report(tr("No program on this computer opens {name}; it was saved as {path}.").format(
                name=attachment.filename, path=path))
        return path
