from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required, user_has_role
from examsoffice.planner import services
from examsoffice.planner import time_off as time_off_service
from examsoffice.planner.forms import (
    AssignForm,
    InstantiateForm,
    TemplateForm,
    TemplateItemFormSet,
)
from examsoffice.planner.models import (
    CalendarFeed,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    TimeOff,
)

# Site staff (caretakers, catering) see only the checklist items given to them.
STAFF = (
    Role.EXAMS_OFFICER,
    Role.DATA_MANAGER,
    Role.TEACHER,
    Role.INVIGILATOR,
    Role.SITE_STAFF,
)
OFFICER = Role.EXAMS_OFFICER


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@role_required(*STAFF)
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    checklists = Checklist.objects.annotate(
        total=Count("items"),
        done=Count("items", filter=Q(items__done_at__isnull=False)),
        late=Count(
            "items",
            filter=Q(items__done_at__isnull=True, items__due_date__lt=today),
        ),
    )
    mine = services.open_items().filter(assignee=_user(request))
    context = {
        "is_officer": user_has_role(request.user, OFFICER),
        "checklists": checklists,
        "mine": mine.select_related("checklist")[:50],
        "today": today,
    }
    return render(request, "planner/home.html", context)


@role_required(*STAFF)
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = get_object_or_404(Checklist, pk=pk)
    is_officer = user_has_role(request.user, OFFICER)
    items = checklist.items.select_related("assignee", "done_by")
    if not is_officer and not items.filter(assignee=_user(request)).exists():
        raise Http404(_("No checklist of yours has that number."))

    context = {
        "checklist": checklist,
        "items": items,
        "is_officer": is_officer,
        "today": timezone.localdate(),
        "assign_form": AssignForm(),
    }
    return render(request, "planner/checklist.html", context)


@role_required(OFFICER)
def checklist_new(request: HttpRequest) -> HttpResponse:
    form = InstantiateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["template"].scope == "sitting" and data.get("sitting"):
                checklist = services.instantiate_for_sitting(
                    data["template"],
                    data["sitting"],
                    by=_user(request),
                    assignee=data["assignee"],
                )
            else:
                checklist = services.instantiate(
                    data["template"],
                    data["anchor_date"],
                    data["anchor_label"],
                    by=_user(request),
                    assignee=data["assignee"],
                )
        except services.PlannerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The checklist is ready."))
            return redirect("planner:checklist", pk=checklist.pk)
    return render(request, "planner/checklist_new.html", {"form": form})


@require_POST
@role_required(OFFICER)
def checklist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = get_object_or_404(Checklist, pk=pk)
    checklist.delete()
    messages.success(request, _("The checklist '%s' was deleted.") % checklist)
    return redirect("planner:home")


@require_POST
@role_required(*STAFF)
def item_tick(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ChecklistItem.objects.select_related("checklist"), pk=pk)
    done = request.POST.get("done") == "1"
    try:
        services.set_done(item, _user(request), done)
    except services.PlannerError as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") or reverse("planner:home"))


@require_POST
@role_required(OFFICER)
def checklist_assign(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = get_object_or_404(Checklist, pk=pk)
    form = AssignForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("item") if i.isdigit()]
    if not ids:
        messages.error(
            request, _("Tick the items to give to someone, then press Give.")
        )
    elif form.is_valid():
        count = services.assign(
            checklist.items.filter(pk__in=ids), form.cleaned_data["assignee"]
        )
        messages.success(request, _("%d items were reassigned.") % count)
    return redirect("planner:checklist", pk=pk)


@role_required(OFFICER)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = ChecklistTemplate.objects.annotate(count=Count("items"))
    return render(request, "planner/templates.html", {"templates": templates})


@role_required(OFFICER)
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(ChecklistTemplate, pk=pk) if pk else None
    form = TemplateForm(request.POST or None, instance=template)
    formset = TemplateItemFormSet(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        formset = TemplateItemFormSet(request.POST, instance=saved)
        if formset.is_valid():
            saved.save()
            formset.save()
            messages.success(request, _("The template '%s' was saved.") % saved)
            return redirect("planner:template", pk=saved.pk)
    context = {"form": form, "formset": formset, "template": template}
    return render(request, "planner/template_edit.html", context)


@require_POST
@role_required(OFFICER)
def template_restore(request: HttpRequest) -> HttpResponse:
    made = services.restore_standard_templates()
    if made:
        messages.success(request, _("%d standard templates were added back.") % made)
    else:
        messages.info(request, _("All the standard templates are already here."))
    return redirect("planner:templates")


@role_required(*STAFF)
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = services.feed_for(_user(request))
    if request.method == "POST":
        feed = services.reset_feed(_user(request))
        messages.success(
            request,
            _("Your calendar address was changed; the old one no longer works."),
        )
    url = request.build_absolute_uri(
        reverse("planner:feed", kwargs={"token": feed.token})
    )
    return render(request, "planner/calendar.html", {"url": url})


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    # Calendar apps fetch this without signing in: the secret token is the key.
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("Unknown calendar address.")
    name = _("Exams office deadlines")
    body = services.calendar(services.feed_items(feed.user), name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response


# Time off


@role_required(*STAFF)
def time_off(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        errors = _book(request)
        if not errors:
            return redirect("planner:time_off")
    periods = time_off_service.periods_for(request.user)
    context = {
        "periods": [(p, time_off_service.clashes(p)) for p in periods],
        "errors": errors,
        "form": request.POST if errors else {},
        "is_officer": user_has_role(request.user, OFFICER),
    }
    return render(
        request, "planner/time_off.html", context, status=400 if errors else 200
    )


def _book(request: HttpRequest) -> list[str]:
    starts = _date(request.POST.get("starts", ""))
    ends = _date(request.POST.get("ends", "")) or starts
    if starts is None:
        return [_("Give the first day away as a date (DD/MM/YYYY).")]
    if ends is None or ends < starts:
        return [_("The last day away must be on or after the first.")]
    period = TimeOff.objects.create(
        user=_user(request),
        starts=starts,
        ends=ends,
        note=request.POST.get("note", "").strip()[:200],
    )
    busy = time_off_service.clashes(period)
    if busy:
        messages.warning(
            request,
            _(
                "Booked, but %(count)s things fall in that time: see the list "
                "under it, and move the leave or hand them over."
            )
            % {"count": len(busy)},
        )
    else:
        messages.success(request, _("Booked: nothing falls in that time."))
    return []


def _date(raw: str) -> date | None:
    raw = raw.strip()
    for parse in (date.fromisoformat, _day_month_year):
        try:
            return parse(raw)
        except ValueError:
            continue
    return None


def _day_month_year(raw: str) -> date:
    return datetime.strptime(raw, "%d/%m/%Y").date()


@require_POST
@role_required(*STAFF)
def time_off_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(TimeOff, pk=pk)
    if period.user != request.user and not user_has_role(request.user, OFFICER):
        raise Http404
    period.delete()
    messages.success(request, _("Time off removed."))
    return redirect("planner:time_off")
