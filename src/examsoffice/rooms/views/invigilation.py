from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required
from examsoffice.rooms import rota, services
from examsoffice.rooms.forms import InvigilatorForm
from examsoffice.rooms.models import Availability, Invigilator, Room, Sitting

OFFICER = Role.EXAMS_OFFICER


@role_required(OFFICER)
def invigilator_list(request: HttpRequest) -> HttpResponse:
    people = Invigilator.objects.all()
    return render(request, "rooms/invigilator_list.html", {"people": people})


@role_required(OFFICER)
def invigilator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(Invigilator, pk=pk) if pk else None
    form = InvigilatorForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("%s saved.") % saved)
        return redirect("rooms:invigilators")
    feed = (
        request.build_absolute_uri(f"/rooms/rota/{person.feed_token}.ics")
        if person
        else ""
    )
    context = {"form": form, "person": person, "feed": feed}
    return render(request, "rooms/invigilator_edit.html", context)


@role_required(OFFICER)
def availability(request: HttpRequest) -> HttpResponse:
    sittings = list(Sitting.objects.filter(date__gte=timezone.localdate()))
    people = list(Invigilator.objects.filter(active=True))
    if request.method == "POST":
        ticked = set(request.POST.getlist("free"))
        for person in people:
            for sitting in sittings:
                key = f"{person.pk}-{sitting.pk}"
                services.set_available(person, sitting, key in ticked)
        messages.success(request, _("Availability saved."))
        return redirect("rooms:availability")
    answers = {
        (a.invigilator_id, a.sitting_id): a.available
        for a in Availability.objects.filter(sitting__in=sittings)
    }
    rows = [
        (
            person,
            [
                (f"{person.pk}-{s.pk}", answers.get((person.pk, s.pk), True))
                for s in sittings
            ],
        )
        for person in people
    ]
    context = {"sittings": sittings, "rows": rows}
    return render(request, "rooms/availability.html", context)


@require_POST
@role_required(OFFICER)
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    person = get_object_or_404(Invigilator, pk=request.POST.get("invigilator"))
    if request.POST.get("remove"):
        services.unallocate(sitting, person)
        return redirect("rooms:sitting", pk=pk)
    room = get_object_or_404(Room, pk=request.POST.get("room"))
    try:
        services.allocate(sitting, room, person, lead=bool(request.POST.get("lead")))
    except services.RoomsError as exc:
        messages.error(request, str(exc))
    return redirect("rooms:sitting", pk=pk)


@role_required(OFFICER, Role.INVIGILATOR)
def rota_pdf(request: HttpRequest) -> HttpResponse:
    person = Invigilator.objects.filter(user_id=request.user.pk or 0).first()
    mine = request.GET.get("mine") or not _is_officer(request)
    if mine and person is None:
        # A page, not a bare 404: say why there is no rota and where to go.
        context = {"officer": _is_officer(request)}
        return render(request, "rooms/no_rota.html", context)
    chosen = person if mine else None
    title = _("Invigilation rota: %s") % person if chosen else _("Invigilation rota")
    body = rota.rota_pdf(
        services.duties(chosen, since=timezone.localdate()),
        title,
        getattr(settings, "EXAMSOFFICE_SCHOOL_NAME", ""),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="invigilation-rota.pdf"'
    return response


def _is_officer(request: HttpRequest) -> bool:
    from examsoffice.accounts.roles import user_has_role

    return user_has_role(request.user, OFFICER)


@login_not_required
def rota_feed(request: HttpRequest, token: str) -> HttpResponse:
    # Calendar apps cannot sign in: the invigilator's secret token is the key.
    person = Invigilator.objects.filter(feed_token=token, active=True).first()
    if person is None:
        raise Http404("Unknown calendar address.")
    response = HttpResponse(
        services.rota_calendar(person), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="invigilation.ics"'
    return response


@require_POST
@role_required(OFFICER)
def new_feed_token(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Invigilator, pk=pk)
    person.feed_token = services.new_feed_token()
    person.save(update_fields=["feed_token"])
    messages.success(request, _("A new calendar address was made; the old one stops."))
    return redirect("rooms:invigilator", pk=pk)
