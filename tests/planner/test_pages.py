from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from examsoffice.accounts.roles import Role
from examsoffice.planner import services
from examsoffice.planner.models import Checklist, ChecklistTemplate

pytestmark = pytest.mark.django_db


def _late_checklist(assignee=None) -> Checklist:
    # Starts in ten days: the three items due 14 or 21 days before it are overdue.
    start = timezone.localdate() + timedelta(days=10)
    template = ChecklistTemplate.objects.get(key="caretaker-preparations")
    return services.instantiate(template, start, "Summer test", assignee=assignee)


def test_the_officer_makes_a_checklist_from_a_template(officer_client):
    template = ChecklistTemplate.objects.get(key="half-day-folder")

    response = officer_client.post(
        "/planner/checklists/new/",
        {
            "template": template.pk,
            "anchor_date": "2026-05-12",
            "anchor_label": "Tue 12 May AM",
            "assignee": "",
        },
    )

    checklist = Checklist.objects.get()
    assert response.status_code == 302
    assert checklist.items.count() == 9
    assert str(checklist.items.first().due_date) == "2026-05-11"


def test_a_teacher_may_not_make_checklists_or_edit_templates(teacher_client):
    assert teacher_client.get("/planner/checklists/new/").status_code == 403
    assert teacher_client.get("/planner/templates/").status_code == 403


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.get("/planner/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_teacher_sees_and_ticks_their_own_item(teacher_client, teacher):
    checklist = _late_checklist(assignee=teacher)
    item = checklist.items.first()

    page = teacher_client.get("/planner/")
    response = teacher_client.post(
        f"/planner/items/{item.pk}/tick/", {"done": "1", "next": "/planner/"}
    )

    assert item.text in page.content.decode()
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_by == teacher


def test_a_teacher_cannot_open_a_checklist_with_nothing_of_theirs(
    teacher_client, exams_officer
):
    checklist = _late_checklist(assignee=exams_officer)

    assert teacher_client.get(f"/planner/checklists/{checklist.pk}/").status_code == 404


def test_a_teacher_cannot_tick_someone_elses_item(teacher_client, exams_officer):
    item = _late_checklist(assignee=exams_officer).items.first()

    teacher_client.post(f"/planner/items/{item.pk}/tick/", {"done": "1"})

    item.refresh_from_db()
    assert not item.done


def test_the_officer_gives_chosen_items_to_a_colleague(officer_client, make_person):
    caretaker = make_person(Role.TEACHER, "caretaker")
    checklist = _late_checklist()
    chosen = list(checklist.items.values_list("pk", flat=True)[:3])

    officer_client.post(
        f"/planner/checklists/{checklist.pk}/assign/",
        {"item": chosen, "assignee": caretaker.pk},
    )

    assert checklist.items.filter(assignee=caretaker).count() == 3


def test_the_dashboard_shows_the_officer_overdue_items(officer_client):
    _late_checklist()

    response = officer_client.get("/")

    panels = {p.title: p for p in response.context["panels"]}
    figures = {f.label: f.value for f in panels["Checklists"].figures}
    assert figures["Overdue"] == 3
    assert "Being used" in " ".join(text for text, _url in panels["Checklists"].lines)


def test_the_dashboard_shows_a_teacher_only_their_own_items(
    teacher_client, teacher, exams_officer
):
    _late_checklist(assignee=exams_officer)

    response = teacher_client.get("/")

    assert "Your checklist items" not in {p.title for p in response.context["panels"]}
    assert "Checklists" not in {p.title for p in response.context["panels"]}


def test_the_officer_edits_a_template_and_adds_an_item(officer_client):
    template = ChecklistTemplate.objects.get(key="catering-preparations")
    items = list(template.items.all())
    data = {
        "name": template.name,
        "key": template.key,
        "scope": template.scope,
        "description": "",
        "default_assignee": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "2",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for n, item in enumerate(items):
        data |= {
            f"items-{n}-id": item.pk,
            f"items-{n}-template": template.pk,
            f"items-{n}-position": n,
            f"items-{n}-text": item.text,
            f"items-{n}-offset_days": item.offset_days,
        }
    data |= {
        "items-2-position": 5,
        "items-2-text": "Packed lunches for candidates with overnight supervision",
        "items-2-offset_days": -3,
    }

    response = officer_client.post(f"/planner/templates/{template.pk}/", data)

    assert response.status_code == 302
    assert template.items.count() == 3


def test_the_officer_makes_a_half_day_folder_checklist_for_a_sitting(officer_client):
    from datetime import date

    from examsoffice.rooms.services import sitting_for

    sitting = sitting_for(date(2026, 5, 12), "PM")
    template = ChecklistTemplate.objects.get(key="half-day-folder")

    officer_client.post(
        "/planner/checklists/new/",
        {"template": template.pk, "sitting": sitting.pk, "assignee": ""},
    )

    checklist = Checklist.objects.get(sitting=sitting)
    assert checklist.anchor_label == "Tue 12 May 2026 afternoon"
    assert {i.due_date for i in checklist.items.all()} == {date(2026, 5, 11)}


def test_a_checklist_needs_a_start(officer_client):
    template = ChecklistTemplate.objects.get(key="candidate-entries")

    response = officer_client.post(
        "/planner/checklists/new/", {"template": template.pk, "assignee": ""}
    )

    assert "Choose a season, or give a start date" in response.content.decode()
    assert not Checklist.objects.exists()


def test_the_template_list_shows_nobody_for_an_unassigned_template(
    officer_client, exams_officer
):
    given = ChecklistTemplate.objects.get(key="catering-preparations")
    given.default_assignee = exams_officer
    given.save()
    assert ChecklistTemplate.objects.filter(default_assignee__isnull=True).exists()

    response = officer_client.get("/planner/templates/")

    assert response.status_code == 200
    assert "nobody" in response.content.decode()
    assert "officer" in response.content.decode()


def test_site_staff_tick_their_items_and_see_nothing_of_the_exams(client, make_person):
    from examsoffice.accounts.roles import Role

    caretaker = make_person(Role.SITE_STAFF, "caretaker")
    item = _late_checklist(assignee=caretaker).items.first()
    client.force_login(caretaker)

    dashboard = client.get("/").content.decode()
    ticked = client.post(f"/planner/items/{item.pk}/tick/", {"done": "1"})
    refused = [
        client.get(url).status_code for url in ("/exams/", "/pupils/", "/rooms/")
    ]

    assert ticked.status_code == 302
    item.refresh_from_db()
    assert item.done_by == caretaker
    assert refused == [403, 403, 403]
    assert 'href="/planner/"' in dashboard
    assert 'href="/exams/"' not in dashboard
