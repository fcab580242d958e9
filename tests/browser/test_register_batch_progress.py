"""A real Chromium uploads a batch file and watches its page move on by itself
until the result can be downloaded."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_batch_page_follows_the_job_to_its_result(
    live_server, page, tmp_path, settings
):
    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user
    from examsoffice.jobs.runner import run_pending
    from examsoffice.register import jobs as _jobs  # noqa: F401  (the handler)
    from tests.register.batch_files import mixed_rows, write_csv

    settings.MEDIA_ROOT = tmp_path / "files"
    create_user("registrar", "maple-copper-74x", Role.REGISTER_OPERATOR)
    path = write_csv(tmp_path, mixed_rows())

    page.goto(live_server.url + "/register/batch/")
    page.fill("#id_username", "registrar")
    page.fill("#id_password", "maple-copper-74x")
    page.click("button[type=submit]")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('Upload and start')")
    page.wait_for_selector(".job-status[data-status=queued]")

    # The server's worker would do this; here the test is the worker.
    run_pending()

    page.wait_for_selector(".job-status[data-status=done]", timeout=10_000)
    assert "Download the result" in page.inner_text("#job-status")
