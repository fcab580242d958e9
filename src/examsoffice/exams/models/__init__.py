"""Exam administration models, one module per area."""

from examsoffice.exams.models.arrangements import AccessArrangement, ApprovalStatus
from examsoffice.exams.models.basedata import (
    BasedataImport,
    Component,
    Option,
    Qualification,
    Session,
)
from examsoffice.exams.models.candidates import Candidate, UciException
from examsoffice.exams.models.centre import AwardingBody, Centre
from examsoffice.exams.models.clashes import ClashResolution, ResolutionAction
from examsoffice.exams.models.entries import (
    ChangeKind,
    Entry,
    EntryChange,
    EntryCheck,
    EntryStatus,
    SubjectTeacher,
    Verdict,
)
from examsoffice.exams.models.letters import LetterTemplate
from examsoffice.exams.models.series import (
    CandidateNumberRange,
    FeeRule,
    Series,
    SeriesKind,
)
from examsoffice.exams.models.submissions import Submission, SubmissionStatus

__all__ = [
    "AccessArrangement",
    "ApprovalStatus",
    "AwardingBody",
    "BasedataImport",
    "Candidate",
    "CandidateNumberRange",
    "Centre",
    "ChangeKind",
    "ClashResolution",
    "Component",
    "Entry",
    "EntryChange",
    "EntryCheck",
    "EntryStatus",
    "FeeRule",
    "LetterTemplate",
    "Option",
    "Qualification",
    "ResolutionAction",
    "Series",
    "SeriesKind",
    "Session",
    "SubjectTeacher",
    "Submission",
    "SubmissionStatus",
    "UciException",
    "Verdict",
]
