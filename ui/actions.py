"""Every keyboard action of the window, declared once: menus, shortcuts and the Help > Keyboard list.

Single keys (0–9, N, tag letters) are window shortcuts: a text box that has focus takes its own typing
first (Qt lets an editor override a shortcut for a printable key), so they only act while reading
the text, the lists or the scoring panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ui.text import tr

Keys = tuple[str | QKeySequence.StandardKey, ...]


@dataclass(frozen=True)
class Binding:
    name: str
    text: str
    keys: Keys
    help: str


def make_action(parent: QWidget, menu: QMenu | None, binding: Binding, slot: Callable[[], object]) -> QAction:
    action = QAction(tr(binding.text), parent)  # the tables above are made before a translator is loaded
    action.setObjectName(binding.name)
    shortcuts: list[QKeySequence] = []
    for key in binding.keys:
        if isinstance(key, QKeySequence.StandardKey):
            shortcuts.extend(QKeySequence.keyBindings(key))
        else:
            shortcuts.append(QKeySequence(key))
    unique = list({s.toString(): s for s in shortcuts if not s.isEmpty()}.values())
    action.setShortcuts(unique)
    action.setStatusTip(tr(binding.help))
    action.setToolTip(tr(binding.help))
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)  # shortcuts work even for actions not in any menu
    if menu is not None:
        menu.addAction(action)
    return action


def keys_text(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


S = QKeySequence.StandardKey

FILE = (
    Binding("newFile", tr("&New file…"), (S.New,), tr("Start a new, empty .svdb file for a round of your own")),
    Binding("open", tr("&Open…"), (S.Open,), tr("Open a .svdb file")),
    Binding("openReadOnly", tr("Open read-on&ly…"), (),
            tr("Open a .svdb file only to look at it, even while someone else has it open")),
    Binding("openDemo", tr("Open the &demo round"), (), tr("Open the demo file (made on first use)")),
)
FILE_ROUND = (
    Binding("newRound", tr("New &round…"), ("Ctrl+Shift+N",), tr("Make a round from a shipped rubric or a YAML file")),
    Binding("roundSettings", tr("Round &settings…"), (),
            tr("The round's name, budget, dates, funder and social value weight")),
    Binding("assessors", tr("&Assessors and conflicts…"), ("Ctrl+Shift+A",),
            tr("The round's assessors and chair, and their conflicts of interest")),
    Binding("eligibility", tr("Eli&gibility…"), ("Ctrl+Shift+L",),
            tr("Who may be assessed: each application's eligibility, screening questions and due diligence")),
    Binding("assignment", tr("Assi&gnment…"), (),
            tr("Who reviews which application: assign automatically, or tick by hand")),
    Binding("redactionPreview", tr("Re&daction preview…"), (),
            tr("An application as an anonymised round's assessors read it, and words to redact")),
)
FILE_PRIVACY = (
    Binding("erasePersonalData", tr("Erase &personal data…"), (),
            tr("Erase the applicants' personal data from the file, its history and its backups (retention)")),
    Binding("findPersonalData", tr("&Find a person's data…"), (),
            tr("Every place a person's name, e-mail or phone number appears, for a subject access request")),
)
FILE_END = (
    Binding("switchAssessor", tr("&Who are you…"), ("Ctrl+Shift+W",),
            tr("Choose who you are among the round's assessors and chair")),
    Binding("quit", tr("&Quit"), (S.Quit, "Ctrl+Q"), tr("Close the window; everything is already saved")),
)
FILE_DATA = (
    Binding("importApplications", tr("&Import applications…"), ("Ctrl+I",),
            tr("Bring applications in from CSV, XLSX or 360Giving, or a whole round from a round file")),
    Binding("addNarratives", tr("Add &narrative documents…"), (),
            tr("Attach applicants' answers (.docx, .pdf, .txt, .md) to their applications, matched by reference")),
    Binding("exportRound", tr("&Export…"), ("Ctrl+E",),
            tr("Write the round as a panel pack, letters, score matrices, 360Giving or a round file")),
)
FILE_PANEL = (
    Binding("prepareFiles", tr("&Prepare assessors' files…"), (), tr("Write one file per assessor to score offline")),
    Binding("mergeFiles", tr("&Merge returned files…"), (),
            tr("Take assessors' returned files into this one, and see what came in")),
    Binding("watchFolder", tr("&Watch a shared folder…"), (),
            tr("Merge assessors' files as they are returned to a shared folder")),
    Binding("restoreBackup", tr("Restore from &backup…"), (),
            tr("Put this file back as it was when it was opened before")),
)
ROUND_WINDOWS = (
    Binding("openPanel", tr("Compare, moderate and &decide…"), ("Ctrl+Shift+P",),
            tr("The panel: compare assessors' scores, moderate, rank within the budget and decide")),
    Binding("openProgress", tr("P&rogress and who to chase…"), (),
            tr("Each assessor's reviews assigned, begun and submitted; what is short; a chase list to copy")),
    Binding("openMonitoring", tr("&Monitor deliveries…"), ("Ctrl+Shift+M",),
            tr("After the award: follow each funded offer to what was delivered, and publish the register")),
)
GO = (
    Binding("find", tr("&Find application"), (S.Find,), tr("Search the applications by reference, name, title or area")),
    Binding("focusList", tr("Application &list"), ("Ctrl+1",), tr("Move to the list of applications")),
    Binding("focusText", tr("Application &text"), ("Ctrl+2",), tr("Move to the application's text, to read and highlight")),
    Binding("focusCriteria", tr("&Criteria"), ("Ctrl+3",), tr("Move to the list of criteria")),
    Binding("focusHighlights", tr("&Highlights"), ("Ctrl+4",), tr("Move to your highlights: Enter jumps to the passage, Delete removes")),
    Binding("focusOffers", tr("O&ffers"), ("Ctrl+5",), tr("Move to the table of social value offers")),
    Binding("focusAttachments", tr("&Attachments"), ("Ctrl+6",), tr("Move to the attachments: Enter opens one in its viewer")),
    Binding("nextApplication", tr("&Next application"), ("Ctrl+PgDown",), tr("Open the next application in the list")),
    Binding("previousApplication", tr("&Previous application"), ("Ctrl+PgUp",), tr("Open the previous application in the list")),
)
SCORE = (
    Binding("notScored", tr("Mark &not scored"), ("N", "-"), tr("Mark the criterion not scored (not the same as 0)")),
    Binding("nextUnscored", tr("Next &unscored"), ("Alt+N",), tr("Go to the next criterion not yet scored")),
    Binding("previousUnscored", tr("&Previous unscored"), ("Alt+P",), tr("Go to the previous criterion not yet scored")),
    Binding("nextCriterion", tr("Next criterion"), ("Alt+Down",), tr("Go to the next criterion")),
    Binding("previousCriterion", tr("Previous criterion"), ("Alt+Up",), tr("Go to the previous criterion")),
    Binding("comment", tr("&Comment"), ("F2",), tr("Write the comment on this criterion (Esc to leave)")),
    Binding("overall", tr("&Overall comment"), ("Alt+O",), tr("Write the overall comment on the application")),
    Binding("submit", tr("&Submit assessment"), ("Ctrl+Return", "Ctrl+Enter"), tr("Submit: every criterion must be scored or marked not scored")),
    Binding("reopen", tr("&Reopen assessment"), ("Ctrl+Shift+R",), tr("Take a submitted assessment back to draft")),
)
ANNOTATE = (
    Binding("editNote", tr("Edit &note"), ("F3",), tr("Write the note on the selected highlight")),
    Binding("removeHighlight", tr("&Remove highlight"), ("Ctrl+Delete",), tr("Remove the selected highlight")),
    Binding("nextHighlight", tr("Ne&xt highlight"), ("F4",), tr("Jump to your next highlight in the text")),
)
HELP = (
    Binding("keys", tr("&Keyboard shortcuts"), (S.HelpContents, "Ctrl+/"), tr("List every key")),
    Binding("about", tr("&About svassessor"), (), tr("Version and where the rubrics come from")),
)


def score_binding(digit: int) -> Binding:
    return Binding(f"score{digit}", tr("Level {d}").format(d=digit), (str(digit),),
                   tr("Give the level with key {d} to the current criterion").format(d=digit))


def confidence_binding(n: int) -> Binding:
    return Binding(f"confidence{n}", tr("Confidence {n}").format(n=n), (f"Alt+{n}",),
                   tr("Set your confidence in this score to {n} (1 low, 5 high)").format(n=n))
