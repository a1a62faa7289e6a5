import re
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from resources.models import Cost, Kind, Resource, Topic, known_time_zones


def normalise_phone(value: str) -> str:
    """Digits with an optional leading +, e.g. "+44 (0)116 123" -> "+440116123"; short codes stay."""
    value = value.strip()
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not 3 <= len(digits) <= 15:
        raise ValidationError(_("Please enter a phone number of 3 to 15 digits (spaces and brackets are fine)."))
    return ("+" if value.startswith(("+", "00")) else "") + (digits[2:] if value.startswith("00") else digits)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind of help"), choices=[("", _("Any"))] + Kind.choices, required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("Any"))] + Topic.choices, required=False)
    country = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any")), ("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("de", _("German"))],
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=[("", _("Any"))] + Cost.choices, required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    always_open = forms.BooleanField(label=_("Open 24/7"), required=False)

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Anywhere"))] + list(countries)


class RegionForm(forms.Form):
    country = forms.ChoiceField(label=_("Your region"), required=False)

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Not set"))] + list(countries)


class SuggestionForm(forms.Form):
    name = forms.CharField(label=_("Name of the service or group"), max_length=120)
    description = forms.CharField(
        label=_("What does it offer?"), max_length=400, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind of help"), choices=Kind.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=32)
    country = forms.CharField(label=_("Country code (optional)"), required=False, max_length=2,
                              help_text=_("Two letters, e.g. GB, US, AU."))  # fmt: skip

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and not website.startswith("https://"):
            raise ValidationError(_("Please give the https:// address of the website."))
        return website

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise ValidationError(_("Please use a two-letter country code, such as GB or US."))
        return country

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("website") and not cleaned.get("phone"):
            raise ValidationError(_("Please add a website or a phone number so we can check the resource."))
        return cleaned


class ResourceAdminForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = [
            "name", "description", "kind", "phone", "sms_number", "sms_keyword", "website", "email", "address",
            "is_24_7", "time_zone", "starts_at", "ends_at", "languages", "cost", "audience", "status",
            "last_verified_on", "verified_by", "next_review_due", "internal_notes", "is_demo", "suggested_by",
        ]  # fmt: skip

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_sms_number(self):
        return normalise_phone(self.cleaned_data["sms_number"])

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and not website.startswith("https://"):
            raise ValidationError(_("Websites must use https://, so visitors' connections stay private."))
        return website

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        if zone not in known_time_zones():
            raise ValidationError(_("Unknown time zone. Use a name such as Europe/London or America/New_York."))
        return zone

    def clean(self):
        cleaned = super().clean()
        reach = ("phone", "sms_number", "website", "email", "address")
        if not any(cleaned.get(field) for field in reach):
            raise ValidationError(_("Add at least one way to reach it: phone, SMS, website, email or address."))
        if cleaned.get("sms_keyword") and not cleaned.get("sms_number"):
            self.add_error("sms_number", _("An SMS keyword needs the number or short code to text."))
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event ends before it starts."))
        return cleaned


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    """Hours on one day must not overlap, and opening and closing cannot be the same time."""

    def clean(self):
        super().clean()
        by_day: dict[int, list[tuple]] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            day, opens, closes = (form.cleaned_data.get(k) for k in ("weekday", "opens", "closes"))
            if day is None or opens is None or closes is None:
                continue
            if opens == closes:
                form.add_error("closes", _("Opening and closing times are the same. For all day, tick 'open 24/7'."))
                continue
            end = closes if closes > opens else _END_OF_DAY
            for other_opens, other_end in by_day.get(day, []):
                if opens < other_end and other_opens < end:
                    raise ValidationError(_("Opening hours on the same day overlap. Please merge them."))
            by_day.setdefault(day, []).append((opens, end))


_END_OF_DAY = time(23, 59, 59, 999999)
