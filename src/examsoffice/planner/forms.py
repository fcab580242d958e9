from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from examsoffice.planner.models import ChecklistTemplate, TemplateItem

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
    anchor_date = forms.DateField(
        label=_("Starts on"),
        help_text=_("The first exam of the series, or the day of the sitting."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    anchor_label = forms.CharField(
        label=_("For"),
        max_length=200,
        help_text=_("The series or sitting, as people will read it: Summer 2026."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = person_field(_("Give every item to"))


class AssignForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = person_field(_("Assigned to"))
        # The select sits below the table but belongs to the form around the ticks.
        field.widget.attrs["form"] = "assign"
        self.fields["assignee"] = field
