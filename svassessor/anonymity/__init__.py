"""Anonymised assessment (DESIGN §3): assessors judge the offer, not the name.

`patterns` finds what identifies anyone by its shape (e-mail, phone, postcode, web address);
`terms` says which words identify an application (its organisation's names, the contacts the
import knew, its registration number, the chair's words); `redact` replaces both with labelled
placeholders and keeps the map between the two texts; `view` gives the application as an assessor
of an anonymised round sees it, and says who sees identities when; `highlights` places a passage
highlighted on the redacted text on the original one.
"""
