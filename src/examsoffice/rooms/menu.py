from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.rooms.models import Allocation, Sitting
from examsoffice.web.menu import Figure, MenuItem, Panel

MENU = [
    MenuItem("Rooms", "rooms:list", (Role.EXAMS_OFFICER,)),
    MenuItem("Sittings", "rooms:sittings", (Role.EXAMS_OFFICER,)),
    MenuItem("Exam day", "rooms:today", (Role.EXAMS_OFFICER, Role.INVIGILATOR)),
]


def panels(request: HttpRequest) -> list[Panel]:
    found = []
    today = timezone.localdate()
    if user_has_role(request.user, Role.EXAMS_OFFICER):
        upcoming = Sitting.objects.filter(date__gte=today)
        unseated = upcoming.filter(seats__isnull=True).count()
        url = reverse("rooms:sittings")
        figures = [
            Figure(_("Sittings to come"), upcoming.count(), url),
            Figure(_("Not seated yet"), unseated, url, tone="warn" if unseated else ""),
        ]
        found.append(Panel(_("Exam rooms"), figures=figures, order=50))
    duties = Allocation.objects.filter(
        invigilator__user_id=request.user.pk or 0, sitting__date__gte=today
    ).select_related("sitting", "room")
    if duties.exists():
        lines = [
            (f"{d.sitting} – {d.room.name}", reverse("rooms:today")) for d in duties[:5]
        ]
        found.append(Panel(_("Your invigilation"), lines=lines, order=20))
    return found
