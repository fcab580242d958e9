"""On the day: the invigilator's room register and the officer's absentee list."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, role_required, user_has_role
from examsoffice.rooms import register
from examsoffice.rooms.models import Allocation, Attendance, Room, Sitting
from examsoffice.rooms.services import RoomsError

ON_THE_DAY = (Role.EXAMS_OFFICER, Role.INVIGILATOR)


@role_required(*ON_THE_DAY)
def today(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    mine = Allocation.objects.filter(
        invigilator__user_id=request.user.pk or 0, sitting__date__gte=day
    ).select_related("sitting", "room")[:20]
    context = {
        "mine": mine,
        "is_officer": user_has_role(request.user, Role.EXAMS_OFFICER),
        "sittings": Sitting.objects.filter(date=day).prefetch_related("rooms"),
    }
    return render(request, "rooms/today.html", context)


@role_required(*ON_THE_DAY)
def room_register(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    room = get_object_or_404(Room, code=code)
    if not register.may_mark(request.user, sitting, room):
        messages.error(
            request,
            _("You are not invigilating in %s for this sitting; ask the exams officer.")
            % room.code,
        )
        return redirect("rooms:today")
    if request.method == "POST":
        try:
            register.mark(
                sitting,
                room,
                request.POST.get("candidate", ""),
                request.POST.get("component", ""),
                request.POST.get("status", ""),
                request.user,
            )
        except RoomsError as exc:
            messages.error(request, str(exc))
        anchor = (
            f"#c{request.POST.get('candidate', '')}-{request.POST.get('component', '')}"
        )
        return redirect(request.path + anchor.replace("/", "_"))
    context = {
        "sitting": sitting,
        "room": room,
        "lines": register.lines(sitting, room),
        "statuses": Attendance.choices,
    }
    return render(request, "rooms/register.html", context)


@role_required(Role.EXAMS_OFFICER)
def absentees(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    context = {
        "sitting": sitting,
        "absent": register.absentees(sitting),
        "counts": register.counts(sitting),
    }
    return render(request, "rooms/absentees.html", context)
