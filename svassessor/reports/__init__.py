"""PDF reports (reportlab): the panel pack, assessments and feedback letters (DESIGN §7).

Every number printed comes from the scoring engine through `RoundData`; every piece of user text is
escaped and set in a font that has its characters (`fonts.markup`).
"""
