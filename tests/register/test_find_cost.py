"""What a find costs: its queries, its candidates, and the data it keeps cached."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from examsoffice.matching import synthetic
from examsoffice.matching.blocking import blocking_keys
from examsoffice.register import bulk, matcher, services
from examsoffice.register.codes import Code
from examsoffice.register.models import BlockingKey, Learner, NameFrequency
from tests.register.conftest import details

pytestmark = pytest.mark.django_db


def test_a_find_by_details_makes_a_bounded_number_of_queries(
    add_learner, django_assert_max_num_queries
):
    add_learner()
    add_learner(given_name="Amelie", previous_family_name="Thorn")
    add_learner(given_name="Olivia", date_of_birth=date(2009, 4, 3))
    query = details().query()

    # Cold: settings, name counts, candidate ids, candidate rows, matches.
    with django_assert_max_num_queries(5):
        first = services.find_by_details(query)
    # Warm: the settings and name counts are cached.
    with django_assert_max_num_queries(3):
        again = services.find_by_details(query)

    assert first.code == again.code == Code.EXACT
    assert first.matches[0].learner == again.matches[0].learner


def test_a_find_with_no_candidates_reads_no_learners(
    add_learner, django_assert_max_num_queries
):
    add_learner()
    services.find_by_details(details().query())

    with django_assert_max_num_queries(2):
        result = services.find_by_details(
            details(
                given_name="Zebedee",
                family_name="Quarrington",
                date_of_birth=date(2012, 12, 25),
                postcode="",
            ).query()
        )

    assert result.code == Code.NO_MATCH


def test_a_key_shared_by_too_many_learners_is_left_out_of_a_find(
    add_learner, monkeypatch
):
    monkeypatch.setattr(matcher, "KEY_LIMIT", 3)
    target = add_learner()
    # Five more Amelia Thornburys born in 2009 on other days: the name keys are
    # now broad, so only the keys with the date or postcode pick learners.
    for n in range(1, 6):
        add_learner(
            date_of_birth=date(2009, 6, 1) + timedelta(days=n),
            postcode=f"LS{n} 1AA",
            address_line1=f"{n} Leeds Road",
        )

    record = matcher.query_record(details().query())
    ids = matcher.candidate_ids(record)
    result = services.find_by_details(details().query())

    assert ids == [target.pk]
    assert result.code == Code.EXACT
    assert result.matches[0].learner == target


def test_candidates_sharing_more_keys_come_first_and_are_capped(
    add_learner, monkeypatch
):
    monkeypatch.setattr(matcher, "MAX_CANDIDATES", 2)
    same = add_learner()
    near = add_learner(given_name="Amelie")
    add_learner(given_name="Olivia", postcode="LS1 4AP", address_line1="1 Road")

    ids = matcher.candidate_ids(matcher.query_record(details().query()))

    assert ids == [same.pk, near.pk]


def test_the_learner_count_is_kept_across_shards_and_survives_a_rename(add_learner):
    learners = [add_learner(given_name=f"Amelia{'a' * n}") for n in range(12)]
    services.update_learner(
        learners[0].uln, learners[0].version, {"family_name": "Ashdown"}
    )

    total = sum(
        NameFrequency.objects.filter(field=matcher.TOTAL).values_list(
            "count", flat=True
        )
    )
    families = dict(
        NameFrequency.objects.filter(field="family").values_list("name", "count")
    )

    assert total == 12
    assert families == {"thornbury": 11, "ashdown": 1}
    assert NameFrequency.objects.filter(field=matcher.TOTAL).count() > 1


def test_saved_settings_take_effect_on_the_next_find():
    before = matcher.current_settings()
    changed = matcher.with_thresholds(before, exact=0.999)

    matcher.save_settings(changed, reason="Stricter exact matches")

    assert matcher.current_settings().thresholds.exact == 0.999


def test_the_bulk_loader_writes_the_keys_a_registration_would():
    records = synthetic.generate(40, seed=5, duplicate_share=0.2).records

    ids = bulk.load(records, seed=5)

    assert Learner.objects.count() == len(records) == len(ids)
    for learner in Learner.objects.prefetch_related("previous_family_names"):
        previous = [p.name for p in learner.previous_family_names.all()]
        stored = set(
            BlockingKey.objects.filter(learner=learner).values_list("key", flat=True)
        )
        assert stored == blocking_keys(matcher.learner_record(learner, previous))
    total = sum(
        NameFrequency.objects.filter(field=matcher.TOTAL).values_list(
            "count", flat=True
        )
    )
    assert total == len(records)
    first = Learner.objects.get(pk=ids[0])
    found = services.find_by_details(
        services.LearnerDetails(
            first.given_name,
            first.family_name,
            first.date_of_birth,
            first.gender,
            first.postcode,
        ).query()
    )
    assert first in [m.learner for m in found.matches]


def test_a_big_load_makes_the_same_keys_in_worker_processes(monkeypatch):
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bulk, "BATCH", 7)
    records = synthetic.generate(20, seed=9, duplicate_share=0.2).records

    bulk.load(records, seed=9)

    for learner in Learner.objects.prefetch_related("previous_family_names"):
        previous = [p.name for p in learner.previous_family_names.all()]
        stored = set(learner.blocking_keys.values_list("key", flat=True))
        assert stored == blocking_keys(matcher.learner_record(learner, previous))
