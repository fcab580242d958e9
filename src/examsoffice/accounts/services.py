"""Creating accounts with roles, shared by the command line, the demo and tests."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from examsoffice.accounts.roles import Role


@transaction.atomic
def create_user(
    username: str,
    password: str,
    role: Role,
    *,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Make an account holding ``role``. Raises ValidationError for a weak password."""
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    # Administrators also reach the Django admin.
    user.is_staff = role is Role.ADMINISTRATOR
    user.is_superuser = role is Role.ADMINISTRATOR
    user.save()
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    return user
