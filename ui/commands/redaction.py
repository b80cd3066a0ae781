"""The chair's words to redact in an anonymised round: adding one, and taking it back, as undo commands."""

from __future__ import annotations

from svassessor.models import Application, Round
from ui.commands.setup import SetupCommand
from ui.context import AppContext
from ui.text import tr


class RedactWordCommand(SetupCommand):
    """Redact a word in the whole round (`application` None) or in one application; undo stops redacting it."""

    def __init__(self, ctx: AppContext, round_: Round, word: str, application: Application | None, *,
                 remove: bool = False):
        where = application.reference if application else tr("the whole round")
        text = tr("Stop redacting “{word}” in {where}") if remove else tr("Redact “{word}” in {where}")
        super().__init__(ctx, text.format(word=word.strip(), where=where), round_)
        self.word, self.application, self.remove = word.strip(), application, remove

    def _do(self) -> None:
        self._change(remove=self.remove)

    def _undo(self) -> None:
        self._change(remove=not self.remove)

    def _change(self, *, remove: bool) -> None:
        if remove:
            self.store.anonymity.remove_word(self.round, self.word, self.application)
        else:
            self.store.anonymity.add_word(self.round, self.word, self.application)
        self.events.roundChanged.emit()
