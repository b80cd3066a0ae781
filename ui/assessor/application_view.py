"""The centre pane: who is applying and for what, the narrative with highlights, offers, attachments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QSizePolicy, QSplitter, QStackedWidget,
    QTableView, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from svassessor.anonymity.view import DEFAULT_REVEAL, sees_identities
from svassessor.models import Annotation, Application, Organisation
from ui.commands.annotations import AddAnnotationCommand, NoteCommand, RemoveAnnotationCommand
from ui.commands.base import push
from ui.context import AppContext
from ui.assessor.offers_model import OffersModel, offer_rows
from ui.text import menu_text, plain_label, pounds, tr
from ui.theme import accent_colour, swatch
from ui.assessor.annotation_list import AnnotationList
from ui.widgets.attachments import AttachmentList
from ui.assessor.narrative import NarrativeView
from ui.widgets.form_text import mute
from ui.widgets.tables import read_only_rows

EMPTY, CONFLICT, SHOWN = 0, 1, 2


def supplier_words(org: Organisation) -> list[str]:
    """What a contract award notice asks of the supplier, when it is known: an SME? a VCSE?"""
    words = []
    if org.sme is not None:
        words.append(tr("SME") if org.sme else tr("not an SME"))
    if org.vcse is not None:
        words.append(tr("VCSE") if org.vcse else tr("not a VCSE"))
    return words


class ApplicationView(QStackedWidget):
    annotationsCounted = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.application: Application | None = None
        self.setObjectName("applicationView")

        self.placeholder = plain_label(tr("Choose an application from the list (Ctrl+1 goes to the list)."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.conflict = plain_label("")
        self.conflict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.conflict.setAccessibleName(tr("Conflict of interest"))
        self.addWidget(self.placeholder)
        self.addWidget(self.conflict)
        self.addWidget(self._build_page())

        ctx.annotationsChanged.connect(self._annotations_changed)

    # building ------------------------------------------------------------------------------------
    def _build_page(self) -> QWidget:
        page = QWidget(self)
        self.title = plain_label(name="applicationTitle", selectable=True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.who = plain_label(name="applicationWho", selectable=True)
        self.money = plain_label(name="applicationMoney", selectable=True)
        self.withheld = plain_label(name="identityWithheld")
        mute(self.withheld)
        self.withheld.setWordWrap(True)
        for label in (self.title, self.who, self.money, self.withheld):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.tag_bar = QHBoxLayout()
        self.tag_bar.setSpacing(4)

        self.narrative = NarrativeView(page)
        self.offers = OffersModel(self)
        self.offers_table = QTableView(page)
        read_only_rows(self.offers_table, self.offers, name="offers", accessible_name=tr("Social value offers"),
                       wrap=True)
        header = self.offers_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 140, 100, 80, 170, 110)):
            if width:
                header.resizeSection(column, width)

        self.highlights = AnnotationList(page)
        self.highlights.jumpRequested.connect(self.jump_to)
        self.highlights.removeRequested.connect(self._remove)
        self.highlights.noteEdited.connect(self._note_edited)
        self.highlights.noteFinished.connect(self._back_to_text)

        self.attachments = AttachmentList(self.ctx, page)

        self.tabs = QTabWidget(page)
        self.tabs.setObjectName("applicationTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.offers_table, tr("Offers"))
        self.tabs.addTab(self.highlights, tr("Your highlights"))
        self.tabs.addTab(self.attachments, tr("Attachments"))

        self.split = QSplitter(Qt.Orientation.Vertical, page)
        self.split.setObjectName("centreSplit")
        self.split.addWidget(self.narrative)
        self.split.addWidget(self.tabs)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)

        head = QVBoxLayout()
        head.setSpacing(2)
        head.addWidget(self.title)
        head.addWidget(self.who)
        head.addWidget(self.money)
        head.addWidget(self.withheld)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.addLayout(head)
        layout.addLayout(self.tag_bar)
        layout.addWidget(self.split, 1)
        return page

    def set_tags(self) -> None:
        """Tag buttons for the round's rubric (called when the session changes)."""
        while self.tag_bar.count():
            item = self.tag_bar.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        hint = QLabel(tr("Highlight the selected passage as:"))
        self.tag_bar.addWidget(hint)
        for tag in self.ctx.rubric.tags if self.ctx.rubric else []:
            button = QToolButton(self)
            key = f"  {tag.key.upper()}" if tag.key else ""
            button.setText(menu_text(tag.label) + key)
            button.setIcon(swatch(accent_colour(tag.colour)))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleName(tr("Highlight as {tag}").format(tag=tag.label))
            button.setToolTip(tag.description or tag.label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys do this from the text; no tab stop
            button.clicked.connect(lambda _=False, t=tag.id: self.tag_selection(t))
            self.tag_bar.addWidget(button)
        self.tag_bar.addStretch(1)

    # showing -------------------------------------------------------------------------------------
    def show_nothing(self) -> None:
        self.application = None
        self.setCurrentIndex(EMPTY)

    def show_conflict(self, application: Application, reason: str | None) -> None:
        self.application = None
        text = tr("{ref} · {org}\n\nYou have declared a conflict of interest with this application, so you "
                  "cannot open or score it.").format(ref=application.reference, org=application.organisation.name)
        if reason:
            text += "\n\n" + tr("Reason given: {reason}").format(reason=reason)
        self.conflict.setText(text)
        self.setCurrentIndex(CONFLICT)

    def show_application(self, application: Application) -> None:
        self.application = application
        org = application.organisation
        self.title.setText(application.title)
        details = ", ".join(filter(None, (org.type, org.registration and tr("no. {n}").format(n=org.registration),
                                          *supplier_words(org))))
        place = ", ".join(filter(None, (org.area, org.postcode)))
        self.who.setText(" · ".join(filter(None, (application.reference, org.name + (f" ({details})" if details
                                                                                      else ""), place))))
        money = [tr("Requested {amount}").format(amount=pounds(application.amount_requested))]
        if application.price is not None:
            money.append(tr("Price {amount}").format(amount=pounds(application.price)))
        if application.received:
            money.append(tr("Received {date}").format(date=f"{application.received.day} {application.received:%b %Y}"))
        self.money.setText(" · ".join(money))
        self._say_if_withheld()
        self.narrative.show_application(application)
        rows = offer_rows(application.offers, self.ctx.rubric)
        self.offers.set_rows(rows)
        self.offers_table.resizeRowsToContents()
        vague = sum(1 for r in rows if r.lacks)
        self.tabs.setTabText(0, tr("Offers ({n}, {v} vague)").format(n=len(rows), v=vague) if vague
                             else tr("Offers ({n})").format(n=len(rows)))
        self.attachments.show_attachments(application.attachments)
        self.tabs.setTabText(2, tr("Attachments ({n})").format(n=len(application.attachments)))
        self._load_annotations()
        self.setCurrentIndex(SHOWN)

    def _say_if_withheld(self) -> None:
        """In an anonymised round, say why there is a label and placeholders (and no attachments)."""
        ctx = self.ctx
        hidden = ctx.store is not None and ctx.round is not None and ctx.round.anonymised \
            and not sees_identities(ctx.round, ctx.person)
        self.withheld.setVisible(hidden)
        if hidden and ctx.round is not None:
            self.withheld.setText(tr("Anonymised round: the applicant's name, contacts, e-mail addresses, phone "
                                     "numbers, postcodes and web addresses are replaced by [placeholders] until the "
                                     "round reaches {status}; attachments are withheld.").format(
                                         status=ctx.round.reveal_at or DEFAULT_REVEAL))

    def _load_annotations(self, select: str = "") -> None:
        """Only this assessor's own highlights: blind scoring hides everyone else's."""
        application, ctx = self.application, self.ctx
        if application is None or ctx.store is None:
            return
        mine = [] if ctx.assessor is None or ctx.round is None else ctx.store.anonymity.placed(
            ctx.round, ctx.person, application, ctx.store.annotations.for_application(
                application.id, assessor_id=ctx.assessor.id))
        self.narrative.set_highlights(mine, ctx.rubric)
        self.highlights.editable = not ctx.read_only
        self.highlights.set_annotations(ctx.rubric, application, mine, select=select)
        self.tabs.setTabText(1, tr("Your highlights ({n})").format(n=len(mine)))

    def _annotations_changed(self, application_id: str, annotation_id: str) -> None:
        if self.application is not None and application_id == self.application.id:
            self._load_annotations(select=annotation_id)

    # actions -------------------------------------------------------------------------------------
    def tag_selection(self, tag_id: str) -> bool:
        """Highlight the selected passage with a tag, then move to its note."""
        if self.application is None or not self.ctx.assessor:
            self.ctx.report(tr("Open an application first."))
            return False
        if self.ctx.refuse_if_read_only():
            return False
        found = self.narrative.selected_passage()
        if isinstance(found, str):
            self.ctx.report(found)
            return False
        answer, start, end = found
        annotation = Annotation(application_id=self.application.id, assessor_id=self.ctx.assessor.id,
                                narrative_id=answer.id, start=start, end=end, quote=answer.text[start:end],
                                tag=tag_id)
        if not push(self.ctx, AddAnnotationCommand(self.ctx, annotation)):
            return False
        self.tabs.setCurrentWidget(self.highlights)
        self.highlights.edit_note()
        return True

    def jump_to(self, annotation: Annotation) -> None:
        self.narrative.reveal(annotation)
        self.narrative.setFocus()

    def _back_to_text(self) -> None:
        annotation = self.highlights.current()
        if annotation is not None:
            found = self.narrative.doc_range(annotation)
            if found:
                cursor = self.narrative.textCursor()
                cursor.setPosition(found[1])
                self.narrative.setTextCursor(cursor)
        self.narrative.setFocus()

    def _remove(self, annotation: Annotation) -> None:
        if self.ctx.refuse_if_read_only():
            return
        push(self.ctx, RemoveAnnotationCommand(self.ctx, annotation))

    def _note_edited(self, annotation: Annotation, note: str, sitting: int) -> None:
        if self.ctx.refuse_if_read_only():
            return
        push(self.ctx, NoteCommand(self.ctx, annotation, note, sitting=sitting))
