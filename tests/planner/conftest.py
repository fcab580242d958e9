from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def standard_templates(request: pytest.FixtureRequest) -> None:
    # A data migration installs the templates, but a transactional test elsewhere
    # in the run empties every table; put them back so each test starts the same.
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from examsoffice.planner.services import restore_standard_templates

        restore_standard_templates()
