from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, role_required
from examsoffice.rooms import services
from examsoffice.rooms.forms import RoomForm
from examsoffice.rooms.models import Room
from examsoffice.scheduling.model import Seat, row_letter


@role_required(Role.EXAMS_OFFICER)
def room_list(request: HttpRequest) -> HttpResponse:
    return render(request, "rooms/room_list.html", {"rooms": Room.objects.all()})


def _grid(room: Room) -> list[tuple[str, list[tuple[str, bool]]]]:
    off = set(room.off_seats)
    return [
        (
            row_letter(r),
            [(Seat(r, c).label, Seat(r, c).label in off) for c in range(room.columns)],
        )
        for r in range(room.rows)
    ]


@role_required(Role.EXAMS_OFFICER)
def room_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    room = get_object_or_404(Room, pk=pk) if pk else None
    posted = request.method == "POST"
    off_seats = (request.POST.getlist("off") if room else []) if posted else None
    form = RoomForm(request.POST or None, instance=room, off_seats=off_seats)
    if posted and form.is_valid():
        saved = form.save(commit=False)
        services.trim_off_seats(saved)
        saved.save()
        messages.success(
            request,
            _("%(room)s saved: %(n)d desks in use.")
            % {"room": saved, "n": saved.effective_capacity},
        )
        return redirect("rooms:room", pk=saved.pk)
    context = {"form": form, "room": room, "grid": _grid(room) if room else []}
    return render(request, "rooms/room_edit.html", context)
