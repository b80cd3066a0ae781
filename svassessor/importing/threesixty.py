"""The 360Giving Data Standard (schema 1.4.3) as an import source: its column titles and JSON packages.

A 360Giving file needs no mapping: its titles say what each column is. Titles are matched without
regard to case, because real files differ ("From an open call?" against the standard's "From An Open
Call?"); a recognised column that has no field of ours is kept in `Application.extra` under the
standard's 1.4.3 spelling, so an export can find it again. A JSON package is flattened to the same
titles, so both forms go through one pipeline.
"""

from __future__ import annotations

import json

from svassessor.importing.values import Cell

# The 46 titles of the official "grants" sheet (360-giving-schema-titles-with-meta-tab-2023.xlsx).
TITLES = (
    "Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded", "Amount Disbursed",
    "Award Date", "URL", "Planned Dates:Start Date", "Planned Dates:End Date", "Planned Dates:Duration (months)",
    "Recipient Ind:Identifier", "Recipient Ind:Name", "To Individuals Details:Primary Grant Reason",
    "To Individuals Details:Secondary Grant Reason", "To Individuals Details:Grant Purpose",
    "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number", "Recipient Org:Company Number",
    "Recipient Org:Street Address", "Recipient Org:City", "Recipient Org:County", "Recipient Org:Country",
    "Recipient Org:Postal Code", "Recipient Org:Description", "Recipient Org:Web Address",
    "Beneficiary Location:Name", "Beneficiary Location:Country Code", "Beneficiary Location:Latitude",
    "Beneficiary Location:Longitude", "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type", "Funding Org:Identifier", "Funding Org:Name",
    "Funding Org:Department", "Location Scope", "Grant Programme:Code", "Grant Programme:Title",
    "Grant Programme:URL", "From An Open Call?", "Related Activity", "Last Modified", "Data Source",
    "For Regrant Type",
)
_MORE_TITLES = ("Recipient Org:Organisation Type", "Grant Programme:Description", "Planned Dates:Title",
                "Recipient Ind:Name", "Funding Org:Charity Number", "Funding Org:Company Number")
CANONICAL: dict[str, str] = {t.casefold(): t for t in (*TITLES, *_MORE_TITLES)}

# Titles that fill one of our fields. Where two titles fill one field, in each row the first with a
# value wins (an individual's name stands in for an organisation's; a company number for a charity
# number). Amount Awarded is the amount only in a file with no Amount Applied For (see plan.py).
FIELD_TITLES: dict[str, str] = {
    "identifier": "reference",
    "title": "title",
    "description": "summary",
    "amount applied for": "amount_requested",
    "amount awarded": "amount_requested",
    "award date": "received",
    "recipient org:name": "organisation.name",
    "recipient ind:name": "organisation.name",
    "recipient org:organisation type": "organisation.type",
    "recipient org:charity number": "organisation.registration",
    "recipient org:company number": "organisation.registration",
    "recipient org:postal code": "organisation.postcode",
    "beneficiary location:name": "organisation.area",
}

# JSON property → title, for the package form; nested objects are titled "Object:Property".
_OBJECTS = {
    "plannedDates": "Planned Dates", "actualDates": "Actual Dates", "recipientIndividual": "Recipient Ind",
    "toIndividualsDetails": "To Individuals Details", "recipientOrganization": "Recipient Org",
    "beneficiaryLocation": "Beneficiary Location", "fundingOrganization": "Funding Org",
    "grantProgramme": "Grant Programme", "fundingType": "Funding Type", "classifications": "Classifications",
    "relatedDocument": "Related Document",
}
_PROPERTIES = {
    "id": "Identifier", "title": "Title", "description": "Description", "currency": "Currency",
    "amountAppliedFor": "Amount Applied For", "amountAwarded": "Amount Awarded",
    "amountDisbursed": "Amount Disbursed", "awardDate": "Award Date", "url": "URL",
    "fromOpenCall": "From An Open Call?",
    "relatedActivity": "Related Activity", "dateModified": "Last Modified", "dataSource": "Data Source",
    "regrantType": "For Regrant Type", "locationScope": "Location Scope",
    "name": "Name", "charityNumber": "Charity Number", "companyNumber": "Company Number",
    "streetAddress": "Street Address", "addressLocality": "City", "addressRegion": "County",
    "addressCountry": "Country", "postalCode": "Postal Code", "organisationType": "Organisation Type",
    "department": "Department", "contactName": "Contact Name", "telephone": "Phone Number", "email": "Email",
    "alternateName": "Alternate Name", "code": "Code", "startDate": "Start Date", "endDate": "End Date",
    "duration": "Duration (months)", "countryCode": "Country Code", "latitude": "Latitude",
    "longitude": "Longitude", "geoCode": "Geographic Code", "geoCodeType": "Geographic Code Type",
    "primaryGrantReason": "Primary Grant Reason", "secondaryGrantReason": "Secondary Grant Reason",
    "grantPurpose": "Grant Purpose", "vocabulary": "Vocabulary", "documentType": "Document Type",
}
_WEB_ADDRESS_OBJECTS = {"Recipient Org", "Funding Org", "Related Document"}


def canonical_title(header: str) -> str:
    """The standard's spelling of a 360Giving title, or the header unchanged if it is not one."""
    return CANONICAL.get(header.strip().casefold(), header)


def _scalar(value: object) -> Cell:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flatten_grant(grant: dict) -> dict[str, Cell]:
    """One grant of a package as {column title: value}, the way the flat CSV/XLSX form titles it."""
    flat: dict[str, Cell] = {}
    for key, value in grant.items():
        parent = _OBJECTS.get(key)
        if parent is None:
            title = _PROPERTIES.get(key, key)
            if isinstance(value, dict) and title == key:
                for sub, sub_value in value.items():  # e.g. Wolfson's {"Grant Programme": {"Title (extended)": …}}
                    flat[f"{key}:{sub}"] = _scalar(sub_value)
            else:
                flat[title] = _scalar(value)
            continue
        items = value if isinstance(value, list) else [value]
        if items and isinstance(items[0], dict):
            for sub, sub_value in items[0].items():
                name = "Web Address" if sub == "url" and parent in _WEB_ADDRESS_OBJECTS else _PROPERTIES.get(sub, sub)
                flat[f"{parent}:{name}"] = _scalar(sub_value)
            if len(items) > 1:  # the flat form holds one; keep the others whole rather than lose them
                flat[f"{parent} (all)"] = _scalar(items)
        else:
            flat[parent] = _scalar(value)
    return flat
