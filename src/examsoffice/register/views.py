"""The register operator's pages: find, add, a learner, link, exceptions, matching."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from examsoffice.accounts.roles import Role, role_required
from examsoffice.matching.scores import as_percent
from examsoffice.register import dedupe, forms, matcher, services, uln_requests
from examsoffice.register.codes import MEANINGS, Code
from examsoffice.register.models import (
    DecisionKind,
    ExceptionStatus,
    Gender,
    Learner,
    MatchException,
    MatchingConfiguration,
)
from examsoffice.register.services import Actor

operator_only = role_required(Role.REGISTER_OPERATOR)

# Fields shown side by side on an exception, as (submitted key, learner attribute).
COMPARED = [
    ("given_name", "given_name"),
    ("middle_names", "middle_names"),
    ("family_name", "family_name"),
    ("previous_family_name", ""),
    ("date_of_birth", "date_of_birth"),
    ("gender", "gender"),
    ("postcode", "postcode"),
    ("address_line1", "address_line1"),
    ("address_town", "address_town"),
]


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user)


@operator_only
def find(request: HttpRequest) -> HttpResponse:
    form = forms.FindForm(request.GET or None)
    result = None
    if form.is_valid():
        uln = form.cleaned_data["uln"].strip()
        data = form.cleaned_data
        result = (
            services.find_by_uln(uln, data["family_name"], data["given_name"])
            if uln
            else services.find_by_details(form.query())
        )
    context = {
        "form": form,
        "result": result,
        "meaning": MEANINGS.get(result.code, "") if result else "",
        "total": Learner.objects.count(),
    }
    return render(request, "register/find.html", context)


@operator_only
def add(request: HttpRequest) -> HttpResponse:
    form = forms.LearnerForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.register_learner(
            form.details(),
            _actor(request),
            confirm_reason=form.cleaned_data["confirm_reason"],
        )
        if result.code == Code.REGISTERED and result.learner is not None:
            messages.success(
                request,
                _("Registered with the new ULN %(uln)s.") % {"uln": result.learner.uln},
            )
            return redirect("register:learner", uln=result.learner.uln)
    context = {
        "form": form,
        "result": result,
        "meaning": MEANINGS.get(result.code, "") if result else "",
    }
    return render(request, "register/add.html", context)


@operator_only
def learner(request: HttpRequest, uln: str) -> HttpResponse:
    record = get_object_or_404(Learner.objects.select_related("master"), uln=uln)
    form = forms.UpdateForm(request.POST or None, initial=_initial(record))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, reason = data.pop("version"), data.pop("reason")
        result = services.update_learner(uln, version, data, _actor(request), reason)
        level = messages.success if result.code == Code.UPDATED else messages.warning
        text = MEANINGS[result.code]
        level(request, f"{result.code}: {text}. {' '.join(result.problems)}".strip())
        return redirect("register:learner", uln=uln)
    context = {
        "learner": record,
        "form": form,
        "previous": record.previous_family_names.all(),
        "linked": record.linked.all(),
        "history": record.changes.select_related("user", "organisation")[:200],
    }
    return render(request, "register/learner.html", context)


def _initial(record: Learner) -> dict[str, Any]:
    names = [n for n in forms.UpdateForm.base_fields if n not in ("reason",)]
    return {n: getattr(record, n) for n in names}


@operator_only
def link(request: HttpRequest) -> HttpResponse:
    link_form = forms.LinkForm(request.POST if "link" in request.POST else None)
    unlink_form = forms.UnlinkForm(request.POST if "unlink" in request.POST else None)
    actor = _actor(request)
    result = None
    if link_form.is_valid():
        data = link_form.cleaned_data
        result = services.link_learners(
            data["master_uln"].strip(),
            data["linked_uln"].strip(),
            actor,
            data["reason"],
        )
    elif unlink_form.is_valid():
        data = unlink_form.cleaned_data
        result = services.unlink_learner(
            data["linked_uln"].strip(), actor, data["reason"]
        )
    if result is not None:
        level = messages.success if result.code == Code.UPDATED else messages.warning
        level(request, f"{result.code}: {result.message}")
        return redirect("register:link")
    linked = Learner.objects.filter(master__isnull=False).select_related("master")
    context = {
        "link_form": link_form,
        "unlink_form": unlink_form,
        "linked": linked.order_by("-updated")[:50],
    }
    return render(request, "register/link.html", context)


HEADINGS = {
    ExceptionStatus.OPEN: _lazy("Possible matches to decide"),
    ExceptionStatus.DECIDED: _lazy("Decided possible matches"),
}
PAIR_LABEL = _lazy("Possible duplicate on the register")


@operator_only
def exceptions(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ExceptionStatus.OPEN)
    if status not in ExceptionStatus.values:
        status = ExceptionStatus.OPEN
    found = MatchException.objects.filter(status=status).select_related("organisation")
    page = Paginator(found.order_by("created", "id"), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "item": item,
            "date_of_birth": _shown(
                "date_of_birth", item.submitted.get("date_of_birth")
            ),
            "kind": _kind(item),
        }
        for item in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "count": page.paginator.count,
        "heading": HEADINGS[ExceptionStatus(status)],
    }
    return render(request, "register/exceptions.html", context)


def _kind(item: MatchException) -> str:
    """What the exception is, in words, with the register's code for a learner sent."""
    if dedupe.is_register_pair(item):
        return str(PAIR_LABEL)
    meaning = MEANINGS.get(item.code)
    return f"{meaning} ({item.code})" if meaning else item.code


@operator_only
def exception(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MatchException, pk=pk)
    pair = dedupe.is_register_pair(item)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if pair:
                dedupe.decide_pair(
                    item,
                    DecisionKind(data["kind"]),
                    _actor(request),
                    master_uln=data["uln"],
                    reason=data["reason"],
                )
            else:
                uln_requests.decide(
                    item,
                    DecisionKind(data["kind"]),
                    _actor(request),
                    uln=data["uln"],
                    reason=data["reason"],
                )
        except uln_requests.DecisionError as exc:
            # Decided meanwhile (a second submit): show the decision, not a form.
            item.refresh_from_db()
            if item.status == ExceptionStatus.OPEN:
                # Shown beside what to put right, the choices made kept.
                form.add_error(exc.field, str(exc))
            else:
                messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("register:exceptions")
    rows = _side_by_side(item)
    other = _pair(item) if pair else None
    offer = _master_offer(other, rows["candidates"]) if other else None
    master = offer.learner if offer else None
    offered = [c["uln"] for c in rows["candidates"]] + ([other.uln] if other else [])
    chosen_uln = form["uln"].value() if form.is_bound else ""
    context = {
        "item": item,
        "form": form,
        "rows": rows,
        "decision": getattr(item, "decision", None),
        "pair": other,
        "kind": _kind(item),
        "master": master,
        "offer": offer,
        # What the operator chose, kept when the page comes back with an error.
        "chosen_kind": form["kind"].value() if form.is_bound else "",
        "chosen_uln": chosen_uln
        if chosen_uln in offered
        else (master.uln if master else ""),
    }
    return render(request, "register/exception.html", context)


def _pair(item: MatchException) -> Learner | None:
    """The second learner of a dedupe pair (the one shown "as sent")."""
    return Learner.objects.filter(uln=item.submitted[dedupe.PAIR_KEY]).first()


@dataclass(frozen=True)
class MasterOffer:
    """The record offered as the master of a dedupe pair, and why."""

    learner: Learner
    #: One was registered before the other as the page shows it (to the minute).
    older: bool
    #: The Django date format for "registered ...": with the time when both were
    #: registered on the same day, so that "older" can be seen.
    registered_format: str


def _master_offer(pair: Learner, candidates: list[dict[str, Any]]) -> MasterOffer:
    """The older record of a dedupe pair, offered as the master.

    The record registered first is the one schools and awarding bodies have
    most likely been using, so keeping its ULN changes the least; a later copy
    is most often the one made by mistake. Two registered in the same minute
    (one batch, say) are not called older or newer: the lower ULN is offered,
    and the page says so.
    """
    records: list[Learner] = [pair, *(c["learner"] for c in candidates)]

    def minute(record: Learner) -> dt.datetime:
        return timezone.localtime(record.created).replace(second=0, microsecond=0)

    minutes = {minute(r) for r in records}
    days = {m.date() for m in minutes}
    fmt = "d/m/Y H:i" if len(days) == 1 else "d/m/Y"
    # Ties (a pair found among three records, two alike) go to the lower ULN.
    earliest = min(records, key=lambda r: (minute(r), r.uln))
    return MasterOffer(earliest, len(minutes) > 1, fmt)


def _side_by_side(item: MatchException) -> dict[str, Any]:
    ulns = [c["uln"] for c in item.candidates]
    learners = {x.uln: x for x in Learner.objects.filter(uln__in=ulns)}
    candidates = [
        {**c, "learner": learners[c["uln"]]}
        for c in item.candidates
        if c["uln"] in learners
    ]
    rows = []
    # Whether any field shown differs, per candidate.
    differs_shown = [False] * len(candidates)
    for key, attribute in COMPARED:
        submitted = _shown(key, item.submitted.get(key, ""))
        cells = []
        for number, candidate in enumerate(candidates):
            value = getattr(candidate["learner"], attribute, "") if attribute else ""
            if key == "previous_family_name":
                value = ", ".join(
                    p.name for p in candidate["learner"].previous_family_names.all()
                )
            shown = _shown(key, value)
            differs = _differs(submitted, shown)
            differs_shown[number] = differs_shown[number] or differs
            cells.append({"value": shown, "differs": differs})
        rows.append(
            {"label": key.replace("_", " "), "submitted": submitted, "cells": cells}
        )
    for candidate, differs in zip(candidates, differs_shown, strict=True):
        agree = not candidate.get("differing") and not differs
        candidate["shown_score"] = as_percent(
            float(candidate.get("score", 0)), all_agree=agree
        )
    return {"candidates": candidates, "rows": rows}


def _differs(one: str, other: str) -> bool:
    """Whether two values as shown differ, beyond letter case and spaces.

    What the operator reads is compared, not what the matching engine weighed:
    the engine ignores a gender of 9 (not specified), for instance, but 1 beside 9
    is a difference to look at; and two empty cells are never a difference.
    """

    def folded(text: str) -> str:
        return "".join(text.casefold().split())

    return folded(one) != folded(other)


def _shown(key: str, value: object) -> str:
    """One way of writing each field on both sides, so only real differences show:
    the file's ISO date and the register's date both as 05/01/2010, and a gender code
    with its meaning."""
    if key == "date_of_birth" and value:
        try:
            day = (
                value
                if isinstance(value, dt.date)
                else dt.date.fromisoformat(str(value))
            )
        except ValueError:
            return str(value)  # as sent: a malformed date is shown, not hidden
        return day.strftime("%d/%m/%Y")
    if key == "gender" and value in Gender.values:
        return f"{value} ({Gender(value).label.lower()})"
    return str(value) if value is not None else ""


@operator_only
def matching(request: HttpRequest) -> HttpResponse:
    current = matcher.current_settings()
    t = current.thresholds
    initial = {
        "exact": t.exact,
        "possible": t.possible,
        "duplicate": t.duplicate,
        "max_possible": t.max_possible,
    }
    form = forms.ThresholdsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        matcher.save_settings(
            matcher.with_thresholds(current, **data), request.user, reason
        )
        messages.success(request, _("The new thresholds are in use for every find."))
        return redirect("register:matching")
    context = {
        "form": form,
        "settings": current.to_dict(),
        "history": MatchingConfiguration.objects.select_related("user")[:20],
    }
    return render(request, "register/matching.html", context)
