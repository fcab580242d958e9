"""A real Chromium: the caretaker signs in and ticks a checklist item."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_caretaker_ticks_an_item_in_the_browser(live_server, page):
    from django.utils import timezone

    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user
    from examsoffice.planner import services
    from examsoffice.planner.models import ChecklistItem, ChecklistTemplate

    caretaker = create_user(
        "caretaker",
        "pine-slate-4411",
        Role.TEACHER,
        first_name="Dev",
        last_name="Patel",
        check_password=False,
    )
    services.restore_standard_templates()
    template = ChecklistTemplate.objects.get(key="caretaker-preparations")
    start = timezone.localdate() + timedelta(days=30)
    services.instantiate(template, start, "Summer test", assignee=caretaker)

    page.goto(live_server.url + "/planner/")
    page.fill("#id_username", "caretaker")
    page.fill("#id_password", "pine-slate-4411")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Checklists')")
    row = page.locator("tr", has_text="Blackboard on veranda")
    row.get_by_role("button", name="Tick").click()

    page.wait_for_selector("h1:has-text('Checklists')")
    assert "Blackboard on veranda" not in page.inner_text("main")
    item = ChecklistItem.objects.get(text__startswith="Blackboard")
    assert item.done_by == caretaker
