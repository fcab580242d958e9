"""Every page of the exams, rooms and planner apps opens on the demo centre."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import URLPattern, get_resolver, reverse

from examsoffice.demo import load_demo
from examsoffice.rooms.documents import BY_KEY

# Actions that only take a form's POST; a GET is refused, never a page.
POST_ONLY = {
    "rooms:sitting_rooms",
    "rooms:allocate",
    "rooms:auto_seat",
    "rooms:seat_late",
    "rooms:move",
    "rooms:copy",
    "rooms:clear",
    "rooms:new_feed_token",
    "planner:assign",
    "planner:delete",
    "planner:tick",
    "planner:template_restore",
    "planner:time_off_delete",
}


def _post_only_url(name: str) -> str:
    # The refusal comes before any lookup, so any number will do.
    return reverse(name, kwargs={} if name == "planner:template_restore" else {"pk": 1})


def _names(namespace: str) -> set[str]:
    urls = get_resolver().namespace_dict[namespace][1].url_patterns
    return {f"{namespace}:{p.name}" for p in urls if isinstance(p, URLPattern)}


def _every_page() -> dict[str, dict[str, object]]:
    from examsoffice.exams import models as em
    from examsoffice.planner import models as pm
    from examsoffice.rooms import models as rm

    series = em.Series.objects.order_by("pk").first()
    candidate = em.Candidate.objects.filter(series=series).order_by("pk").first()
    seat = rm.SeatAssignment.objects.order_by("pk").first()
    assert seat is not None, "the demo seated nobody"
    assert candidate is not None, "the demo has no candidates"
    sitting = {"pk": seat.sitting_id}
    return {
        "exams:series_list": {},
        "exams:series_detail": {"pk": series.pk},
        "exams:basedata": {"pk": series.pk},
        "exams:basedata_template": {"kind": "example", "fmt": "xlsx"},
        "exams:candidates": {"pk": series.pk},
        "exams:candidate": {"pk": series.pk, "number": candidate.number},
        "exams:entries": {"pk": series.pk},
        "exams:entry": {"entry_id": em.Entry.objects.first().pk},
        "exams:checks": {"pk": series.pk},
        "exams:my_checks": {},
        "exams:clashes": {"pk": series.pk},
        "exams:submissions": {"pk": series.pk},
        "exams:submission_file": {
            "submission_id": em.Submission.objects.first().pk,
            "fmt": "csv",
        },
        "exams:documents": {"pk": series.pk},
        "exams:letter": {"key": em.LetterTemplate.objects.first().key},
        "rooms:list": {},
        "rooms:room_new": {},
        "rooms:room": {"pk": seat.room_id},
        "rooms:sittings": {},
        "rooms:sitting_new": {},
        "rooms:sitting": sitting,
        "rooms:print": sitting,
        "rooms:document": sitting | {"key": "seating-plan"},
        "rooms:absentees": sitting,
        "rooms:register": sitting | {"code": seat.room.code},
        "rooms:today": {},
        "rooms:invigilators": {},
        "rooms:invigilator_new": {},
        "rooms:invigilator": {"pk": rm.Invigilator.objects.first().pk},
        "rooms:availability": {},
        "rooms:rota_pdf": {},
        "rooms:rota_feed": {"token": rm.Invigilator.objects.first().feed_token},
        "planner:home": {},
        "planner:checklist_new": {},
        "planner:checklist": {"pk": pm.Checklist.objects.first().pk},
        "planner:templates": {},
        "planner:template_new": {},
        "planner:template": {"pk": pm.ChecklistTemplate.objects.first().pk},
        "planner:calendar": {},
        "planner:time_off": {},
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_the_officer_opens_every_exams_rooms_and_planner_page_of_the_demo(client):
    from django.contrib.auth.models import User

    load_demo(seed=11, pupils=150, today=date(2026, 12, 1))
    client.force_login(User.objects.get(username="officer"))
    pages = _every_page()

    failures = []
    for name, kwargs in pages.items():
        # The print form sends the document's key in the query string.
        query = "?key=desk-labels" if name == "rooms:print" else ""
        url = reverse(name, kwargs=kwargs) + query
        status = client.get(url).status_code
        if status != 200:
            failures.append(f"{url} ({name}) answered {status}")
    for key in BY_KEY:
        url = reverse("rooms:document", kwargs=pages["rooms:print"] | {"key": key})
        if client.get(url).status_code != 200:
            failures.append(f"{url} (document {key}) did not open")
    refused = [n for n in POST_ONLY if client.get(_post_only_url(n)).status_code != 405]

    assert failures == []
    assert refused == []
    every = _names("exams") | _names("rooms") | _names("planner")
    assert every - set(pages) - POST_ONLY - {"planner:feed"} == set()
