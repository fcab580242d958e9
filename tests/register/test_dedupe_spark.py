from __future__ import annotations

import importlib.util

import pytest
from django.conf import settings

from examsoffice.register import dedupe
from tests.register.batch_files import fill_register

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="pyspark is not installed (pip install 'examsoffice[spark]')",
    ),
    # Spark reads the register once and does the rest itself, so one database is
    # enough; the SQLite pass runs it and the PostgreSQL pass saves the minutes.
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the Spark path is tested in the SQLite pass",
    ),
]


def test_whole_register_dedupe_runs_on_spark_in_local_mode(monkeypatch, tmp_path):
    ulns, truth = fill_register(300, seed=5)
    true_pairs = {tuple(sorted((ulns[a], ulns[b]))) for a, b in truth}
    monkeypatch.setenv(dedupe.SPARK_MASTER_ENV, "local[2]")
    monkeypatch.setenv(dedupe.SPARK_CHECKPOINT_ENV, str(tmp_path / "checkpoints"))

    result = dedupe.run_dedupe(engine="spark", threshold=0.9)

    found = {tuple(sorted(pair[:2])) for pair in result.pairs}
    assert result.engine == "spark"
    assert result.learners == len(ulns)
    assert len(found & true_pairs) / len(true_pairs) > 0.5
