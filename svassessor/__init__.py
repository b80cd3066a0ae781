"""svassessor: score the social value offered in small grants and small public contracts.

The core package imports no Qt: the window lives in `ui`, the command line in `svassessor.cli`.
"""

__version__ = "0.1.0"
