"""Learner-registration batch files (LRB batch CSV) in the national service's style.

Read a batch file (:func:`read_batch`), write one (:func:`write_batch`) and write the
output with a return code on every row (:func:`write_output`). What is confirmed about
the layout and what is our reading of a gap is set out in ``layout`` and ``codes``.
"""

from examsoffice.formats.lrs_batch.codes import (
    EXACT_MATCH,
    INSUFFICIENT_DATA,
    NOT_FOUND,
    NULL_VALUE,
    POSSIBLE_MATCH,
    REGISTERED,
    WRONG_FORMAT,
    Outcome,
    ReturnCode,
    code_for,
    outcome_of,
    return_codes,
)
from examsoffice.formats.lrs_batch.layout import (
    COLUMNS,
    FILE_VERSION,
    OUTPUT_COLUMNS,
    batch_filename,
)
from examsoffice.formats.lrs_batch.model import (
    BatchCounts,
    BatchFile,
    BatchHeader,
    BatchLearner,
)
from examsoffice.formats.lrs_batch.reader import BatchFileError, read_batch
from examsoffice.formats.lrs_batch.writer import (
    OutputRow,
    write_batch,
    write_output,
    write_template,
)

__all__ = [
    "COLUMNS",
    "EXACT_MATCH",
    "FILE_VERSION",
    "INSUFFICIENT_DATA",
    "NOT_FOUND",
    "NULL_VALUE",
    "OUTPUT_COLUMNS",
    "POSSIBLE_MATCH",
    "REGISTERED",
    "WRONG_FORMAT",
    "BatchCounts",
    "BatchFile",
    "BatchFileError",
    "BatchHeader",
    "BatchLearner",
    "Outcome",
    "OutputRow",
    "ReturnCode",
    "batch_filename",
    "code_for",
    "outcome_of",
    "read_batch",
    "return_codes",
    "write_batch",
    "write_output",
    "write_template",
]
