"""Pantau Kinerja's analytics: the store, loading, and every figure the product shows.

No UI here: pages and the command line (`python -m analytics`) both call these functions.
"""
from analytics.datasets import DATASETS, LOAD_ORDER
from analytics.db import migrate, row_counts
from analytics.derived import connect
from analytics.loader import (LoadError, LoadResult, UndoResult, list_batches, load_file, redo_batch, undo_batch,
                              undo_plan)
from analytics.reports import REPORTS, Filters, dataset_counts
from analytics.scope import Scope

__all__ = [
    "DATASETS", "LOAD_ORDER", "connect", "migrate", "row_counts", "LoadError", "LoadResult", "UndoResult",
    "list_batches", "load_file", "undo_batch", "undo_plan", "redo_batch", "REPORTS", "Filters", "dataset_counts", "Scope",
]
