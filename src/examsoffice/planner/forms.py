from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models import Component
from examsoffice.planner.models import ChecklistTemplate, Scope, TemplateItem
from examsoffice.rooms.models import Sitting

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def person_field(label: str | _StrPromise) -> PersonChoiceField:
    return PersonChoiceField(
        queryset=User.objects.filter(is_active=True).order_by(
            "last_name", "first_name", "username"
        ),
        required=False,
        empty_label=_("Nobody yet"),
        label=label,
    )


class TemplateForm(forms.ModelForm[ChecklistTemplate]):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "key", "scope", "description", "default_assignee"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_assignee"] = person_field(_("Given to"))


TemplateItemFormSet = forms.inlineformset_factory(
    ChecklistTemplate,
    TemplateItem,
    fields=["position", "group", "text", "detail", "offset_days"],
    widgets={
        "detail": forms.Textarea(attrs={"rows": 1, "cols": 30}),
        "position": forms.NumberInput(attrs={"style": "width:4em"}),
        "offset_days": forms.NumberInput(attrs={"style": "width:5em"}),
    },
    extra=3,
    can_delete=True,
)


class InstantiateForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.all(), label=_("Checklist")
    )
    sitting = forms.ModelChoiceField(
        queryset=Sitting.objects.all(),
        required=False,
        label=_("For a sitting"),
        help_text=_("For a sitting checklist: due dates count from its day."),
    )
    season = forms.ChoiceField(
        required=False,
        label=_("For an exam season"),
        help_text=_("For a series checklist: due dates count from its first exam."),
    )
    anchor_date = forms.DateField(
        required=False,
        label=_("Or starts on"),
        help_text=_("Any other start date, with a name for it below."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    anchor_label = forms.CharField(
        required=False,
        label=_("Named"),
        max_length=200,
        help_text=_("As people will read it, such as November resits."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts = season_starts()
        season = self.fields["season"]
        assert isinstance(season, forms.ChoiceField)
        season.choices = [("", "—")] + [
            (name, f"{name} (first exam {day:%d/%m/%Y})")
            for name, day in self.starts.items()
        ]
        self.fields["assignee"] = person_field(_("Give every item to"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        template = data.get("template")
        if template is None:
            return data
        if template.scope == Scope.SITTING and data.get("sitting"):
            return data
        if template.scope == Scope.SERIES and data.get("season"):
            data["anchor_date"] = self.starts[data["season"]]
            data["anchor_label"] = data["season"]
            return data
        if not (data.get("anchor_date") and data.get("anchor_label")):
            where = _("a sitting") if template.scope == Scope.SITTING else _("a season")
            raise forms.ValidationError(
                _("Choose %(where)s, or give a start date and a name for it.")
                % {"where": where}
            )
        return data


def season_starts() -> dict[str, date]:
    """Each exam season's first exam day, from the timetabled components."""
    starts: dict[str, date] = {}
    rows = Component.objects.exclude(date=None).values_list("series__season", "date")
    for season, day in rows:
        if day is not None and (season not in starts or day < starts[season]):
            starts[season] = day
    return dict(sorted(starts.items(), key=lambda kv: kv[1]))


class AssignForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = person_field(_("Assigned to"))
        # The select sits below the table but belongs to the form around the ticks.
        field.widget.attrs["form"] = "assign"
        self.fields["assignee"] = field
