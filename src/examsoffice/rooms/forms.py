from __future__ import annotations

from typing import Any

from django import forms

from examsoffice.rooms.models import Invigilator, Room, Sitting


class RoomForm(forms.ModelForm[Room]):
    class Meta:
        model = Room
        fields = [
            "code",
            "name",
            "rows",
            "columns",
            "capacity",
            "exit_side",
            "desk_side",
            "suits_separate_invigilation",
            "suits_word_processors",
            "suits_readers",
            "available",
            "position",
            "spacing_note",
        ]
        widgets = {
            "spacing_note": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "rows": forms.NumberInput(attrs={"min": 1}),
            "columns": forms.NumberInput(attrs={"min": 1}),
            "capacity": forms.NumberInput(attrs={"min": 1}),
        }

    def __init__(self, *args: Any, off_seats: list[str] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        # The desks switched off on the grid count against the capacity, so they are
        # part of what is checked, though the grid is not a form field.
        if off_seats is not None:
            self.instance.off_seats = off_seats

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()


class InvigilatorForm(forms.ModelForm[Invigilator]):
    class Meta:
        model = Invigilator
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "user",
            "can_lead",
            "active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class SittingForm(forms.ModelForm[Sitting]):
    class Meta:
        model = Sitting
        fields = ["date", "session", "starts_at", "ends_at"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
        }
