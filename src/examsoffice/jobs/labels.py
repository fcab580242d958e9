"""Words for the keys of a job's summary, so that a person never reads an internal
name such as ``possible_match``.

A handler registers its words with ``@handler(kind, labels={...})``; a key without a
word is shown with its underscores turned into spaces and a capital letter.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

SUMMARY_LABELS: dict[str, Mapping[str, str | Promise]] = {}


def label_for(kind: str, key: str) -> str:
    word = SUMMARY_LABELS.get(kind, {}).get(key)
    if word:
        return str(word)
    return key.replace("_", " ").strip().capitalize()
