"""ULNs are random, valid, and never issued twice, even when registered at once."""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest
from django.db import connection, connections

from examsoffice.identifiers import validate_uln
from examsoffice.register import services
from examsoffice.register.models import IssuedUln, Learner
from tests.register.conftest import details


@pytest.mark.django_db
def test_it_draws_another_uln_when_the_first_was_issued_before(monkeypatch):
    taken = "9276308686"
    IssuedUln.objects.create(uln=taken)
    draws = iter([taken, taken, "1000000004"])
    monkeypatch.setattr(services, "random_uln", lambda _rng: next(draws))

    assert services.issue_uln() == "1000000004"


@pytest.mark.django_db
def test_a_retired_uln_is_never_issued_again(monkeypatch):
    learner = services.create_learner(details())
    uln = learner.uln
    learner.delete()
    draws = iter([uln, "1000000004"])
    monkeypatch.setattr(services, "random_uln", lambda _rng: next(draws))

    assert services.issue_uln() == "1000000004"


@pytest.mark.django_db
def test_it_gives_up_with_a_clear_message_when_every_draw_is_taken(monkeypatch):
    IssuedUln.objects.create(uln="9276308686")
    monkeypatch.setattr(services, "random_uln", lambda _rng: "9276308686")

    with pytest.raises(RuntimeError, match="could not find an unused ULN"):
        services.issue_uln()


def _register_many(count: int, seed: int, errors: list[BaseException]) -> None:
    rng = random.Random(seed)
    try:
        for n in range(count):
            services.create_learner(
                details(
                    given_name=f"Learner{seed}x{n}",
                    family_name=rng.choice(["Smith", "Jones", "Patel", "Brown"]),
                    date_of_birth=date(2008, 1 + n % 12, 1 + n % 28),
                )
            )
    except BaseException as exc:  # handed to the main thread to fail the test
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_uln():
    if connection.vendor != "postgresql":
        # The test database on SQLite is in memory, where writers lock whole tables.
        pytest.skip("Concurrent registrations are tested on PostgreSQL.")
    workers, each = 4, 500
    errors: list[BaseException] = []

    threads = [
        threading.Thread(target=_register_many, args=(each, seed, errors))
        for seed in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    ulns = list(Learner.objects.values_list("uln", flat=True))
    assert len(ulns) == workers * each
    assert len(set(ulns)) == len(ulns)
    assert all(validate_uln(u).valid for u in ulns)
    assert IssuedUln.objects.count() == len(ulns)
