from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care.models import DebriefSharing, ReminderDelay
from care.topics import TOPIC_CHOICES

# An opt-out is for a while, not for ever: long enough for a hard month, then asked again.
LONGEST_OPT_OUT_DAYS = 60


class LookInLaterForm(forms.Form):
    delay = forms.ChoiceField(
        label=_("Remind me to look in on this thread"),
        choices=ReminderDelay.choices,
        initial=ReminderDelay.DAY,
        error_messages={
            "required": _("Please choose when we should remind you."),
            "invalid_choice": _("Please choose when we should remind you."),
        },
    )


class TopicOptOutForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics to leave to others for now"),
        help_text=_("An urgent item (a crisis signal, a check-in request, a worry) counts as suicide and self-harm."),
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please choose at least one topic."),
            "invalid_choice": _("Please choose from the topics listed."),
        },
    )
    ends_on = forms.DateField(
        label=_("Until (the end of this day)"),
        help_text=_("Up to %(days)d days ahead. You can end it sooner at any time.") % {"days": LONGEST_OPT_OUT_DAYS},
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Please choose an end date."),
            "invalid": _("Please enter a date, like 2026-12-09."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate() + timedelta(days=7)

    def clean_ends_on(self):
        day = self.cleaned_data["ends_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Please choose today or a day after it."))
        if day > today + timedelta(days=LONGEST_OPT_OUT_DAYS):
            raise forms.ValidationError(
                _("Please choose a day within %(days)d days; you can set another after it.")
                % {"days": LONGEST_OPT_OUT_DAYS}
            )
        return day

    @property
    def ends_at(self) -> datetime:
        """The end of the chosen day, in the site's time zone."""
        day = self.cleaned_data["ends_on"] + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, time.min))


class DebriefForm(forms.Form):
    text = forms.CharField(
        label=_("How did that go? Anything that stayed with you?"),
        help_text=_("Optional, a few lines. Nobody else sees it unless you share it with the admins."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Please keep it to %(limit_value)d characters (it has %(show_value)d).")},
    )
    sharing = forms.ChoiceField(
        label=_("Who can read it"),
        choices=DebriefSharing.choices,
        initial=DebriefSharing.PRIVATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose who can read it."),
            "invalid_choice": _("Please choose who can read it."),
        },
    )


class MeasuresPeriodForm(forms.Form):
    """A period for the measures page: the last 7, 30 or 90 days, or two dates."""

    PERIODS = [
        ("7", _("The last 7 days")),
        ("30", _("The last 30 days")),
        ("90", _("The last 90 days")),
        ("custom", _("Between two dates")),
    ]
    LONGEST_DAYS = 366

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="30", required=False)
    start = forms.DateField(
        label=_("From"),
        help_text=_("With “Between two dates”."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date, like 2026-12-09.")},
    )
    end = forms.DateField(
        label=_("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date, like 2026-12-09.")},
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            raise forms.ValidationError(_("Please give both dates, or choose one of the periods."))
        if end < start:
            raise forms.ValidationError(_("The second date comes before the first: please swap them."))
        if (end - start).days >= self.LONGEST_DAYS:
            raise forms.ValidationError(_("Please choose a period of at most a year."))
        return data

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes; the last 30 days unless the form says otherwise."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = timezone.localdate()
        if data.get("period") == "custom":
            first, last = data["start"], data["end"]
        else:
            days = int(data.get("period") or 30)
            first, last = today - timedelta(days=days - 1), today
        return (
            timezone.make_aware(datetime.combine(first, time.min)),
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min)),
        )
