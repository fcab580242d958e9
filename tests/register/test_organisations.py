"""The organisations page: add an organisation, issue a token, revoke it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from examsoffice.register.models import ApiToken, Organisation

pytestmark = pytest.mark.django_db


def _find(client, token: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("register:api_find"),
        {"uln": "9276308686"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )


def test_a_token_is_shown_once_and_works_until_revoked(operator_client, client):
    operator_client.post(
        reverse("register:organisations"), {"name": "Hill School", "ukprn": "10012345"}
    )
    org = Organisation.objects.get(name="Hill School")

    issued = operator_client.post(reverse("register:issue_token", args=[org.pk]))
    token = re.search(r'readonly value="([^"]+)"', issued.content.decode())
    assert token is not None
    before = _find(client, token.group(1))
    stored = ApiToken.objects.get(organisation=org)
    operator_client.post(reverse("register:revoke_token", args=[stored.pk]))
    after = _find(client, token.group(1))
    page = operator_client.get(reverse("register:organisations")).content.decode()

    assert before.status_code != 401
    assert after.status_code == 401
    assert token.group(1) not in page
    assert "revoked" in page


def test_a_wrong_ukprn_or_a_second_name_adds_nothing(operator_client):
    Organisation.objects.create(name="Hill School")

    bad = operator_client.post(
        reverse("register:organisations"), {"name": "Dale College", "ukprn": "123"}
    )
    twice = operator_client.post(
        reverse("register:organisations"), {"name": "hill school"}
    )

    assert bad.status_code == 400
    assert "is not 8 digits" in bad.content.decode()
    assert "already on the list" in twice.content.decode()
    assert Organisation.objects.count() == 1


def test_only_register_operators_manage_tokens(officer_client):
    org = Organisation.objects.create(name="Hill School")

    page = officer_client.get(reverse("register:organisations"))
    issue = officer_client.post(reverse("register:issue_token", args=[org.pk]))

    assert page.status_code == 403
    assert issue.status_code == 403
    assert not ApiToken.objects.exists()


def _token_command(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    from examsoffice.cli import main

    try:
        main(["register", "token", *args])
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    said = capsys.readouterr()
    return code, said.out, said.err


def test_the_token_command_refuses_an_unknown_organisation_and_names_close_ones(
    capsys,
):
    Organisation.objects.create(name="Hill Academy")

    code, out, err = _token_command(capsys, "--organisation", "Hil Academy")

    assert code == 1
    assert out == ""  # no token
    assert "no organisation is called 'Hil Academy'" in err
    assert "Did you mean: Hill Academy?" in err
    assert "--create" in err
    assert Organisation.objects.count() == 1
    assert not ApiToken.objects.exists()


def test_the_token_command_creates_only_when_asked(capsys):
    Organisation.objects.create(name="Hill Academy")

    known, out, _err = _token_command(capsys, "--organisation", "hill academy")
    new, _out, err = _token_command(
        capsys, "--organisation", "Dale College", "--create"
    )

    assert known == 0
    assert out.strip()
    assert new == 0
    assert "Created the organisation 'Dale College'" in err
    assert Organisation.objects.count() == 2
    assert ApiToken.objects.count() == 2
