"""Applications and narrative documents into a round (DESIGN §7): mapping, preview, all-or-nothing import.

A window's import wizard is a thin layer over these calls:

    plan = plan_import(path, memory=MappingMemory(), tender=False)  # read + check the file, propose a mapping
    choices = field_choices(tender=False)                   # what each column's drop-down offers
    plan = plan.remap({"Q1": "narrative"})                  # the user changes a drop-down
    rows = plan.preview(10)                                 # the first rows, with their problems
    uses = plan.uses()                                      # what each column fills, or kept as extra
    result = import_applications(store, round_, plan, memory=MappingMemory(),
                                 progress=on_progress, cancelled=lambda: cancel_pressed)
    result.columns                                          # the same, counted on the rows it saved

Every refusal is an `ImportRejected` (an `ImportProblem`) whose `problems` name file, row and column.
"""

from svassessor.importing.apply import ImportResult
from svassessor.importing.mapping import MappingMemory, field_choices
from svassessor.importing.plan import ColumnChoice, ImportPlan, PreviewRow, plan_import
from svassessor.importing.problems import ImportCancelled, ImportRejected, RowProblem
from svassessor.importing.run import import_applications
from svassessor.importing.uses import ColumnUse

__all__ = [
    "ColumnChoice", "ColumnUse", "ImportCancelled", "ImportPlan", "ImportRejected", "ImportResult", "MappingMemory",
    "PreviewRow", "RowProblem", "field_choices", "import_applications", "plan_import",
]
