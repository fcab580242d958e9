"""A real Chromium signs in as the exams officer and reads the dashboard."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_exams_officer_signs_in_and_sees_the_dashboard(live_server, page):
    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user
    from examsoffice.learners.models import Pupil

    create_user("officer", "maple-copper-74x", Role.EXAMS_OFFICER, check_password=False)
    Pupil.objects.create(surname="Hale", forename="Maya", uln="")

    page.goto(live_server.url + "/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "maple-copper-74x")
    page.click("button[type=submit]")

    page.wait_for_selector("h1:has-text('Dashboard')")
    panel = page.locator("section.panel", has_text="School roll")
    assert "Pupils on roll" in panel.inner_text()
    assert panel.locator(".figure.warn dd").inner_text() == "1"


def test_a_wrong_password_is_told_so(live_server, page):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")

    assert "did not match" in page.inner_text("main")
