"""Organisations using the register and their API tokens: issue and revoke."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required
from examsoffice.register import api
from examsoffice.register.models import ApiToken, Organisation

OPERATOR = (Role.REGISTER_OPERATOR,)


@role_required(*OPERATOR)
def organisations(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        errors = _add(request)
        if not errors:
            return redirect("register:organisations")
    return _page(request, errors=errors, status=400 if errors else 200)


def _add(request: HttpRequest) -> list[str]:
    name = request.POST.get("name", "").strip()
    ukprn = request.POST.get("ukprn", "").strip()
    errors = []
    if not name:
        errors.append("Give the organisation's name.")
    elif Organisation.objects.filter(name__iexact=name).exists():
        errors.append(f"'{name}' is already on the list: issue it a token below.")
    if ukprn and not re.fullmatch(r"\d{8}", ukprn):
        errors.append(
            f"UKPRN '{ukprn}' is not 8 digits: copy it from the UK Register of "
            "Learning Providers, or leave it blank if the organisation has none."
        )
    if not errors:
        Organisation.objects.create(name=name, ukprn=ukprn)
        messages.success(request, f"Added {name}.")
    return errors


def _page(
    request: HttpRequest,
    *,
    errors: list[str] | None = None,
    new_token: tuple[Organisation, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "organisations": Organisation.objects.prefetch_related("tokens"),
        "errors": errors or [],
        "new_token": new_token,
        "name": request.POST.get("name", ""),
        "ukprn": request.POST.get("ukprn", ""),
    }
    return render(request, "register/organisations.html", context, status=status)


@require_POST
@role_required(*OPERATOR)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    secret = api.issue_token(organisation)
    # Shown on this response only: the register keeps no more than its digest.
    return _page(request, new_token=(organisation, secret))


@require_POST
@role_required(*OPERATOR)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("organisation"), pk=pk)
    token.revoked = True
    token.save(update_fields=["revoked"])
    messages.success(
        request,
        f"Revoked {token.organisation}'s token {token.prefix}…: calls with it are "
        "refused from now on.",
    )
    return redirect("register:organisations")
