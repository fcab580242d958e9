"""examsoffice: an open-source exams office and learner register for England."""

__version__ = "0.1.0"
