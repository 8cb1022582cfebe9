"""Reading survey tables, choosing their columns, and writing results atomically."""

from voc.io.detect import ColumnSpec, detect_columns
from voc.io.readers import read_table
from voc.io.scores import parse_score, to_scores
from voc.io.writers import atomic_path, write_table

__all__ = ["ColumnSpec", "atomic_path", "detect_columns", "parse_score", "read_table", "to_scores", "write_table"]
