"""Errors a user can act on.

The core raises these with a message of one clear sentence; the window shows it in one place and the
command line prints it on stderr with exit status 2. Anything else is a bug and shows a traceback.
"""

from __future__ import annotations


class SvAssessorError(Exception):
    """A problem the user can fix, described in one sentence."""


class FileProblem(SvAssessorError):
    """The .svdb file cannot be opened or written as asked."""


class DamagedFile(FileProblem):
    """The file's bytes are damaged: SQLite cannot read it whole. The sentence says to restore a backup."""


class RubricError(SvAssessorError):
    """A rubric file is malformed; `problems` holds one `FILE:LINE: field: problem` line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = len(problems) - 1
        super().__init__(problems[0] if more == 0 else f"{problems[0]} (and {more} more problems)")


class NotFound(SvAssessorError):
    """A round, application, assessor or criterion named by the user does not exist."""


class NotAllowed(SvAssessorError):
    """The action is refused: a conflict of interest, a round status that forbids it, and so on."""


class ImportProblem(SvAssessorError):
    """An import was refused as a whole; nothing of it was kept."""
