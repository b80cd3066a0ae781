"""The identifiers 360Giving data is built from: a funder's org-id and its 360Giving prefix (FIELD.md).

They are two different things. The org-id says who the funder is, from a register listed on
org-id.guide (`GB-CHC-1234567`: a country code, a list code, the number in that list) and is published
as `Funding Org:Identifier`. The prefix (`360G-ALWF`) is issued by 360Giving and put before the
funder's own grant references to make grant identifiers unique (`360G-ALWF-2098`). Both are checked
here, once, whichever way they are set (the window, the command line, a round file).
"""

from __future__ import annotations

import re

from svassessor.errors import NotAllowed

_ORG_ID = re.compile(r"[A-Z]{2}-[A-Z0-9]{2,}-\S+")
_PREFIX = re.compile(r"360G-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
ORG_ID_EXAMPLE = "GB-CHC-1234567"
PREFIX_EXAMPLE = "360G-EXAMPLE"


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def org_id_problem(value: str) -> str | None:
    """Why `value` is not a funder org-id of the org-id.guide form, or None when it is one."""
    if _ORG_ID.fullmatch(value):
        return None
    return (f"The funder org-id '{value}' is not in the org-id.guide form: a country code, a list code and the "
            f"organisation's number, joined by hyphens with no spaces (such as {ORG_ID_EXAMPLE})")


def prefix_problem(value: str) -> str | None:
    """Why `value` is not a 360Giving prefix, or None when it is one."""
    if _PREFIX.fullmatch(value):
        return None
    return (f"The 360Giving prefix '{value}' should be 360G- followed by letters, digits and single hyphens, "
            f"with no spaces or slashes (such as {PREFIX_EXAMPLE})")


def checked_org_id(value: str | None) -> str | None:
    """The funder org-id to store (None when blank); refuses one not of the org-id.guide form."""
    value = _blank_to_none(value)
    if value is not None and (problem := org_id_problem(value)):
        raise NotAllowed(f"{problem}.")
    return value


def checked_prefix(value: str | None) -> str | None:
    """The 360Giving prefix to store (None when blank); refuses one not of the form 360G-…."""
    value = _blank_to_none(value)
    if value is not None and (problem := prefix_problem(value)):
        raise NotAllowed(f"{problem}.")
    return value


def is_grant_identifier(reference: str) -> bool:
    """True for a reference that already is a 360Giving identifier (an imported grant's `Identifier`)."""
    return reference.startswith("360G-")


def split_old_setting(value: str | None) -> tuple[str | None, str | None]:
    """(org-id, prefix) from the single "funder identifier" a round held before they were two settings.

    The 360Giving export used that value as the prefix, putting `360G-` before it unless it began so
    and turning slashes into hyphens; the prefix keeps exactly that form, so grant identifiers already
    published stay the same. A value that was not a `360G-` prefix was the funder's own identifier:
    it becomes the org-id when it has the org-id.guide form, and otherwise the org-id is left unset
    for the user to give (the export says so).
    """
    value = _blank_to_none(value)
    if value is None:
        return None, None
    prefix = value.replace("/", "-")
    if prefix.upper().startswith("360G-"):
        return None, prefix
    return (value if org_id_problem(value) is None else None), f"360G-{prefix}"
