from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required
from examsoffice.rooms import services
from examsoffice.rooms.forms import SittingForm
from examsoffice.rooms.models import Allocation, Room, Sitting

OFFICER = Role.EXAMS_OFFICER


@role_required(OFFICER)
def sitting_list(request: HttpRequest) -> HttpResponse:
    sittings = Sitting.objects.prefetch_related("rooms")
    return render(request, "rooms/sitting_list.html", {"sittings": sittings})


@role_required(OFFICER)
def sitting_new(request: HttpRequest) -> HttpResponse:
    form = SittingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sitting = form.save()
        return redirect("rooms:sitting", pk=sitting.pk)
    return render(request, "rooms/sitting_new.html", {"form": form})


@role_required(OFFICER)
def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    rooms = services.rooms_of(sitting)
    allocations = Allocation.objects.filter(sitting=sitting).select_related(
        "room", "invigilator"
    )
    by_room = {
        room.pk: [a for a in allocations if a.room_id == room.pk] for room in rooms
    }
    context = {
        "sitting": sitting,
        "rooms": [(room, by_room[room.pk]) for room in rooms],
        "all_rooms": Room.objects.filter(available=True),
        "in_use": {room.pk for room in rooms},
        "free": services.free_invigilators(sitting),
        **_extra_context(sitting),
    }
    return render(request, "rooms/sitting_detail.html", context)


def _extra_context(sitting: Sitting) -> dict[str, object]:
    from examsoffice.rooms.views import seating

    return seating.context(sitting)


@require_POST
@role_required(OFFICER)
def sitting_rooms(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    chosen = Room.objects.filter(pk__in=request.POST.getlist("room"))
    try:
        services.use_rooms(sitting, chosen)
    except services.RoomsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The rooms for %s were saved.") % sitting)
    return redirect("rooms:sitting", pk=pk)
