from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from examsoffice.accounts.roles import Role, user_has_role, user_roles

pytestmark = pytest.mark.django_db


def test_it_creates_every_role_as_a_group():
    names = set(Group.objects.values_list("name", flat=True))

    assert {role.value for role in Role} <= names


def test_it_gives_the_exams_officer_the_roll_permissions_in_the_admin():
    group = Group.objects.get(name=Role.EXAMS_OFFICER.value)

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "change_pupil" in codenames
    assert "add_user" not in codenames


def test_a_teacher_holds_only_the_teacher_role(teacher):
    assert user_roles(teacher) == {Role.TEACHER}
    assert not user_has_role(teacher, Role.EXAMS_OFFICER)


def test_an_administrator_holds_every_role(make_person):
    admin = make_person(Role.ADMINISTRATOR, "admin")

    assert user_roles(admin) == set(Role)
    assert admin.is_staff


def test_the_admin_site_refuses_an_exams_officer(officer_client):
    response = officer_client.get("/admin/")

    assert response.status_code == 302
