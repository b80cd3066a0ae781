"""The round file: a whole round as JSON, exported losslessly and imported again (DESIGN §7, §9).

    export_round(store, round_) -> dict                       # the JSON-ready document
    write_round_json(store, round_, path) -> None             # `export --format json` calls this
    import_round_json(store, path, *, name=None, progress=, cancelled=) -> Round
    read_round_json(path) -> RoundFile                        # parse and validate only
    is_round_file(path) -> bool                               # `import` tells round files from 360Giving JSON
"""

from svassessor.roundfile.export import export_round, write_round_json
from svassessor.roundfile.format import FORMAT_VERSION, RoundFile
from svassessor.roundfile.load import import_round_json, is_round_file, read_round_json

__all__ = ["FORMAT_VERSION", "RoundFile", "export_round", "import_round_json", "is_round_file", "read_round_json",
           "write_round_json"]
