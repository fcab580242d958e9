from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from examsoffice.register.matcher import Query
from examsoffice.register.models import DecisionKind, Gender
from examsoffice.register.services import LearnerDetails

_DATE = forms.DateInput(attrs={"type": "date"})


class FindForm(forms.Form):
    uln = forms.CharField(label=_("ULN"), max_length=10, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=35)
    family_name = forms.CharField(label=_("Family name"), max_length=35)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=_DATE
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial="0")
    postcode = forms.CharField(label=_("Postcode"), max_length=9, required=False)
    previous_family_name = forms.CharField(
        label=_("Previous family name"), max_length=35, required=False
    )

    def query(self) -> Query:
        data = self.cleaned_data
        return Query(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            gender=data["gender"],
            postcode=data["postcode"],
            previous_family_name=data["previous_family_name"],
        )


class LearnerForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=35, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=35)
    middle_names = forms.CharField(
        label=_("Middle names"), max_length=35, required=False
    )
    family_name = forms.CharField(label=_("Family name"), max_length=35)
    preferred_given_name = forms.CharField(
        label=_("Preferred given name"), max_length=35, required=False
    )
    previous_family_name = forms.CharField(
        label=_("Previous family name"), max_length=35, required=False
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=_DATE)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial="0")
    address_line1 = forms.CharField(
        label=_("Address line 1"), max_length=50, required=False
    )
    address_town = forms.CharField(label=_("Town"), max_length=50, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=9,
        required=False,
        help_text=_("Leave empty when unknown (ZZ99 9ZZ)."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    confirm_reason = forms.CharField(
        label=_("Reason to register despite possible matches"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def details(self) -> LearnerDetails:
        data: dict[str, Any] = dict(self.cleaned_data)
        data.pop("confirm_reason")
        return LearnerDetails(**data)


class UpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    given_name = forms.CharField(label=_("Given name"), max_length=35)
    middle_names = forms.CharField(
        label=_("Middle names"), max_length=35, required=False
    )
    family_name = forms.CharField(label=_("Family name"), max_length=35)
    preferred_given_name = forms.CharField(
        label=_("Preferred given name"), max_length=35, required=False
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=_DATE)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    address_line1 = forms.CharField(
        label=_("Address line 1"), max_length=50, required=False
    )
    address_town = forms.CharField(label=_("Town"), max_length=50, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=9, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    reason = forms.CharField(
        label=_("Why (e.g. deed poll seen)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LinkForm(forms.Form):
    master_uln = forms.CharField(
        label=_("Master ULN (the record to keep)"), max_length=10
    )
    linked_uln = forms.CharField(label=_("ULN to link to it"), max_length=10)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class UnlinkForm(forms.Form):
    linked_uln = forms.CharField(label=_("Linked ULN to unlink"), max_length=10)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(choices=DecisionKind.choices, widget=forms.RadioSelect)
    uln = forms.CharField(required=False, max_length=10)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ThresholdsForm(forms.Form):
    exact = forms.FloatField(
        label=_("Exact match at or above"), min_value=0, max_value=1
    )
    possible = forms.FloatField(
        label=_("Possible match at or above"), min_value=0, max_value=1
    )
    duplicate = forms.FloatField(
        label=_("Refuse a registration (duplicate) at or above"),
        min_value=0,
        max_value=1,
    )
    max_possible = forms.IntegerField(
        label=_("More possible matches than this is 'too many'"), min_value=1
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "exact" in data and "possible" in data and data["possible"] > data["exact"]:
            raise forms.ValidationError(
                _("The possible-match threshold must not be above the exact one.")
            )
        return data
