"""Where a highlight stands in the text a person is shown.

The rule: a highlight is stored against the text its maker saw. An assessor of an anonymised round
highlights the redacted text, so the highlight's offsets and quote are the redacted text's (in their
own file and, once merged, in the chair's): nothing an assessor made ever quotes what they were not
shown. Shown to someone who sees the original text (the chair, or the panel once identities are
revealed), the highlight is placed through the redaction's map; a highlight that no longer fits
either text (the chair has since added words to redact) is not drawn, and is still listed by its quote.
"""

from __future__ import annotations

from svassessor.anonymity.redact import Redacted
from svassessor.models import Annotation


def placed(annotation: Annotation, shown: str, redacted: Redacted | None) -> Annotation | None:
    """The highlight with offsets into `shown`, or None when it cannot be placed there.

    `redacted` is the redaction of the answer's original text, when the round is anonymised.
    """
    if shown[annotation.start:annotation.end] == annotation.quote:
        return annotation
    if redacted is None or redacted.original != shown \
            or redacted.text[annotation.start:annotation.end] != annotation.quote:
        return None
    start, end = redacted.to_original(annotation.start, annotation.end)
    return annotation.model_copy(update={"start": start, "end": end, "quote": shown[start:end]})
