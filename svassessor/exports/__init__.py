"""Data out of svassessor (DESIGN §7): score matrices as CSV and XLSX, and 360Giving CSV and JSON.

Like the PDF reports, every figure comes from the scoring engine through `reports.data.RoundData`,
and every file is written whole or not at all (`reports.output.atomic_output`).
"""
