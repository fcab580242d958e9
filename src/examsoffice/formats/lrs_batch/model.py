"""Plain dataclasses for a batch file, its learners and the counts of its output."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from examsoffice.errors import Problem, ProblemLog
from examsoffice.formats.lrs_batch.codes import Outcome


@dataclass(frozen=True)
class BatchHeader:
    """The file header (row 2). ``contact_email`` is our reading of the fourth field."""

    file_version: str
    file_name: str
    ukprn: str
    contact_email: str = ""


@dataclass(frozen=True)
class BatchLearner:
    """One learner row: every column as text, the date of birth read, and whether the
    row is rejected (``return_code`` set) with the problems that say why."""

    line: int
    values: Mapping[str, str]
    dob: date | None = None
    return_code: str = ""
    problems: tuple[Problem, ...] = ()

    @property
    def rejected(self) -> bool:
        return bool(self.return_code)

    @property
    def mis_identifier(self) -> str:
        return self.values.get("MISIdentifier", "")

    @property
    def uln(self) -> str:
        return self.values.get("ULN", "")

    @property
    def given_name(self) -> str:
        return self.values.get("GivenName", "")

    @property
    def family_name(self) -> str:
        return self.values.get("FamilyName", "")

    @property
    def gender(self) -> str:
        return self.values.get("Gender", "")

    @property
    def postcode(self) -> str:
        return self.values.get("LastKnownPostCode", "")

    def label(self) -> str:
        """How messages name the row: the sender's own identifier when there is one."""
        if self.mis_identifier:
            return f"MISIdentifier {self.mis_identifier}"
        return f"row {self.line}"


@dataclass
class BatchFile:
    name: str
    header: BatchHeader
    learners: list[BatchLearner]
    problems: ProblemLog = field(default_factory=ProblemLog)

    @property
    def rejected(self) -> list[BatchLearner]:
        return [learner for learner in self.learners if learner.rejected]


@dataclass
class BatchCounts:
    """The summary of a processed batch, as the service's output reports it."""

    new: int = 0
    existing: int = 0
    possible_match: int = 0
    not_found: int = 0
    rejected: int = 0

    def add(self, outcome: Outcome, count: int = 1) -> None:
        name = outcome.value
        setattr(self, name, getattr(self, name) + count)

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "existing": self.existing,
            "possible_match": self.possible_match,
            "not_found": self.not_found,
            "rejected": self.rejected,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, int]) -> BatchCounts:
        return cls(**{key: int(data.get(key, 0)) for key in cls().as_dict()})

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())
