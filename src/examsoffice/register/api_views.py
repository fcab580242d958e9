"""The JSON API over HTTP: token authentication, one POST view per operation."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from examsoffice.register import api
from examsoffice.register.codes import ErrorCode
from examsoffice.register.openapi import schema
from examsoffice.register.services import Actor

logger = logging.getLogger(__name__)


def _run(request: HttpRequest, name: str, payload: dict[str, Any]) -> JsonResponse:
    try:
        organisation = api.organisation_for(request.headers.get("Authorization", ""))
        reply = api.dispatch(name, payload, Actor(organisation=organisation))
    except api.ApiError as exc:
        return JsonResponse(exc.as_json(), status=exc.status)
    return JsonResponse(reply)


def _body(request: HttpRequest) -> dict[str, Any] | JsonResponse:
    try:
        payload = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        error = api.ApiError(
            ErrorCode.INVALID_REQUEST,
            _("The request body must be a JSON object."),
        )
        return JsonResponse(error.as_json(), status=400)
    return payload


def _operation(name: str) -> Any:
    @login_not_required
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        payload = _body(request)
        if isinstance(payload, JsonResponse):
            return payload
        return _run(request, name, payload)

    view.__name__ = f"api_{name.replace('-', '_')}"
    return view


find = _operation("find")
register = _operation("register")
update = _operation("update")
verify = _operation("verify")
link = _operation("link")
unlink = _operation("unlink")
uln_request = _operation("uln-request")


@login_not_required
@require_GET
def exception(request: HttpRequest, pk: int) -> JsonResponse:
    return _run(request, "exception", {"id": pk})


@login_not_required
@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(schema(request.build_absolute_uri("/register/api/")))
