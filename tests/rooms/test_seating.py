from __future__ import annotations

import pytest

from examsoffice.exams import models as m
from examsoffice.rooms import seating, services
from examsoffice.rooms.models import SeatAssignment
from tests.rooms import factories as f

pytestmark = pytest.mark.django_db


def test_auto_seat_seats_everyone_sitting_a_paper_once():
    f.series(pupils=12)
    sitting = f.sitting(f.room("HALL", 4, 6))

    plan = seating.auto_seat(sitting)

    assert len(plan.assignments) == 12
    assert SeatAssignment.objects.filter(sitting=sitting).count() == 12
    numbers = [a.candidate_number for a in plan.assignments]
    assert len(set(numbers)) == 12


def test_two_exams_in_one_room_keep_a_gap_column():
    f.series(pupils=12)
    sitting = f.sitting(f.room("HALL", 4, 6))

    plan = seating.auto_seat(sitting)

    columns = {}
    for a in plan.assignments:
        columns.setdefault(a.component_codes[0], set()).add(a.seat.column)
    maths, french = columns["8300/1H"], columns["8658/LF"]
    assert not maths & french
    assert min(abs(a - b) for a in maths for b in french) >= 2


def test_a_room_is_never_filled_past_its_desks():
    f.series(pupils=12)
    sitting = f.sitting(f.room("G12", 2, 3))

    with pytest.raises(services.RoomsError):
        seating.auto_seat(sitting)
    assert SeatAssignment.objects.count() == 0


def test_a_late_entrant_is_seated_without_moving_anyone():
    summer = f.series(pupils=9)
    sitting = f.sitting(f.room("HALL", 4, 6))
    seating.auto_seat(sitting)
    before = set(SeatAssignment.objects.values_list("candidate__number", "seat"))
    late = m.Candidate.objects.create(
        series=summer,
        pupil=m.Candidate.objects.first().pupil.__class__.objects.create(
            surname="Late", forename="Lou", year_group="11"
        ),
        number="1100",
    )
    m.Entry.objects.create(
        candidate=late,
        option=m.Option.objects.get(code="83001H"),
        status=m.EntryStatus.ENTERED,
        entered_on=f.DAY,
    )

    assert seating.unseated(sitting) == ["1100"]
    seating.seat_late(sitting, "1100")

    after = set(SeatAssignment.objects.values_list("candidate__number", "seat"))
    assert before < after
    assert len(after - before) == 1


def test_moving_onto_a_taken_desk_swaps_the_two():
    f.series(pupils=6)
    sitting = f.sitting(f.room("HALL", 4, 6))
    plan = seating.auto_seat(sitting)
    first, second = plan.assignments[0], plan.assignments[1]

    seating.move(sitting, first.candidate_number, "HALL", second.seat.label)

    stored = dict(SeatAssignment.objects.values_list("candidate__number", "seat"))
    assert stored[first.candidate_number] == second.seat.label
    assert stored[second.candidate_number] == first.seat.label


def test_a_switched_off_desk_cannot_be_used_by_hand():
    f.series(pupils=6)
    hall = f.room("HALL", 4, 6)
    services.set_off_seats(hall, ["D6"])
    sitting = f.sitting(hall)
    plan = seating.auto_seat(sitting)

    with pytest.raises(services.RoomsError, match="switched off"):
        seating.move(sitting, plan.assignments[0].candidate_number, "HALL", "D6")


def test_copying_a_morning_plan_keeps_the_same_desks_in_the_afternoon():
    f.series(pupils=9)
    hall = f.room("HALL", 4, 6)
    morning = f.sitting(hall)
    plan = seating.auto_seat(morning)
    afternoon = services.sitting_for(f.DAY, "PM")

    copied = seating.copy_from(afternoon, morning)

    assert len(copied.assignments) == 6
    for a in copied.assignments:
        assert plan.find(a.candidate_number).seat == a.seat


def test_personal_timetables_learn_each_candidates_room_and_seat():
    from django.apps import apps

    from examsoffice.exams.seats import seating_plans

    # Another module's test may have unset the hook; register it as start-up does.
    apps.get_app_config("rooms").ready()
    summer = f.series(pupils=6)
    sitting = f.sitting(f.room("HALL", 4, 6))
    seating.auto_seat(sitting)

    plans = seating_plans([summer])

    plan = plans[seating.core_sitting(sitting)]
    assert plan.find("1002").room_code == "HALL"


def test_the_database_refuses_a_candidate_seated_twice_in_a_sitting():
    from django.db import IntegrityError, transaction

    f.series(pupils=3)
    hall = f.room("HALL", 4, 6)
    sitting = f.sitting(hall)
    seating.auto_seat(sitting)
    first = SeatAssignment.objects.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        SeatAssignment.objects.create(
            sitting=sitting, room=hall, candidate=first.candidate, seat="D6"
        )


def test_a_stored_plan_that_breaks_a_rule_cannot_be_loaded_or_changed():
    f.series(pupils=6)
    hall = f.room("HALL", 4, 6)
    sitting = f.sitting(hall)
    plan = seating.auto_seat(sitting)
    # Someone shrinks the room below the candidates already seated in it.
    hall.capacity = 3
    hall.save()

    with pytest.raises(services.RoomsError):
        seating.move(sitting, plan.assignments[0].candidate_number, "HALL", "D6")
