from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required
from examsoffice.rooms import documents, seating
from examsoffice.rooms.models import Room, SeatAssignment, Sitting
from examsoffice.rooms.services import RoomsError
from examsoffice.scheduling.model import Seat, row_letter
from examsoffice.scheduling.seating import SeatingOptions

OFFICER = Role.EXAMS_OFFICER


def grid(sitting: Sitting, room: Room) -> list[tuple[str, list[dict[str, object]]]]:
    """The room's desks row by row, each with who sits there."""
    seats = {
        s.seat: s
        for s in SeatAssignment.objects.filter(
            sitting=sitting, room=room
        ).select_related("candidate__pupil")
    }
    off = set(room.off_seats)
    rows = []
    for r in range(room.rows):
        cells = []
        for c in range(room.columns):
            label = Seat(r, c).label
            cells.append({"label": label, "off": label in off, "who": seats.get(label)})
        rows.append((row_letter(r), cells))
    return rows


def context(sitting: Sitting) -> dict[str, object]:
    rooms = list(sitting.rooms.all())
    seated = SeatAssignment.objects.filter(sitting=sitting)
    try:
        waiting = seating.unseated(sitting) if seated.exists() else []
    except RoomsError:
        waiting = []
    return {
        "seated_count": seated.count(),
        "unseated": waiting,
        "plans": [(room, grid(sitting, room)) for room in rooms],
        "earlier": Sitting.objects.filter(seats__isnull=False)
        .exclude(pk=sitting.pk)
        .distinct(),
        "documents": documents.DOCUMENTS,
        "sheets": documents.label_sheets(),
    }


def _run(request: HttpRequest, action: object, done: str) -> None:
    try:
        action()  # type: ignore[operator]
    except RoomsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)


@require_POST
@role_required(OFFICER)
def auto_seat(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    try:
        options = SeatingOptions(
            gap_columns=int(request.POST.get("gap", "1") or 0),
            arrangement_rooms=bool(request.POST.get("arrangement_rooms")),
            arrangements_last=bool(request.POST.get("arrangements_last")),
        )
    except (ValueError, RoomsError) as exc:
        messages.error(request, _("The gap must be a whole number: %s") % exc)
        return redirect("rooms:sitting", pk=pk)
    _run(
        request,
        lambda: seating.auto_seat(sitting, options),
        _("Everyone is seated. Check the plans below, then print."),
    )
    return redirect("rooms:sitting", pk=pk)


@require_POST
@role_required(OFFICER)
def seat_late(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    number = request.POST.get("candidate", "")
    _run(
        request,
        lambda: seating.seat_late(sitting, number),
        _("Candidate %s is seated; nobody else moved.") % number,
    )
    return redirect("rooms:sitting", pk=pk)


@require_POST
@role_required(OFFICER)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    number = request.POST.get("candidate", "").strip()
    room = request.POST.get("room", "").strip().upper()
    seat = request.POST.get("seat", "").strip().upper()
    _run(
        request,
        lambda: seating.move(sitting, number, room, seat),
        _("Candidate %(n)s now sits at %(room)s %(seat)s.")
        % {"n": number, "room": room, "seat": seat},
    )
    return redirect("rooms:sitting", pk=pk)


@require_POST
@role_required(OFFICER)
def copy_plan(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    source = get_object_or_404(Sitting, pk=request.POST.get("source"))
    _run(
        request,
        lambda: seating.copy_from(sitting, source),
        _("Seated like %s: the same desks where the same candidates sit.") % source,
    )
    return redirect("rooms:sitting", pk=pk)


@require_POST
@role_required(OFFICER)
def clear(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    seating.clear(sitting)
    messages.success(request, _("The seating plan for %s was cleared.") % sitting)
    return redirect("rooms:sitting", pk=pk)


@role_required(OFFICER)
def document(request: HttpRequest, pk: int, key: str = "") -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=pk)
    key = key or request.GET.get("key", "")
    room = request.GET.get("room", "")
    sheet = request.GET.get("sheet", documents.DEFAULT_SHEET)
    try:
        body = documents.build(sitting, key, room, sheet)
    except RoomsError as exc:
        messages.error(request, str(exc))
        return redirect("rooms:sitting", pk=pk)
    name = (
        f"{sitting.date:%Y-%m-%d}-{sitting.session}-{key}{'-' + room if room else ''}"
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
