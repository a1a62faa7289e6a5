from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a resource helps with; a board names the topic whose resources it shows beside it."""

    ANXIETY = "anxiety", _("Anxiety")
    DEPRESSION = "depression", _("Low mood and depression")
    GRIEF = "grief", _("Grief and loss")
    RECOVERY = "recovery", _("Recovery and addiction")
    LONELINESS = "loneliness", _("Loneliness")
    STRESS = "stress", _("Stress and burnout")
    SELF_HARM = "self-harm", _("Self-harm")
    SUICIDE = "suicide", _("Suicidal thoughts")
    EATING = "eating", _("Eating difficulties")
    ABUSE = "abuse", _("Abuse and violence")
    GENERAL = "general", _("General emotional support")


REVIEW_INTERVAL = timedelta(days=180)


@cache
def known_time_zones() -> frozenset[str]:
    """available_timezones() reads the zone files from disk on every call: read them once."""
    return frozenset(available_timezones())


ANYWHERE = "*"  # a region row meaning "online, anywhere"


class Kind(models.TextChoices):
    CRISIS_LINE = "crisis-line", _("Crisis line")
    TEXT_SERVICE = "text-service", _("Text or chat service")
    SUPPORT_GROUP = "support-group", _("Support group")
    WORKSHOP = "workshop", _("Workshop or course")
    COMMUNITY_HUB = "community-hub", _("Community hub")
    ONLINE_COMMUNITY = "online-community", _("Online community")
    READING = "reading", _("Self-help reading")


CRISIS_KINDS = (Kind.CRISIS_LINE, Kind.TEXT_SERVICE)


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    LOW = "low", _("Low cost")
    PAID = "paid", _("Paid")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def current(self):
        """Published, and for dated events not yet over: past workshops drop out by themselves."""
        return self.published().filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=timezone.now()))


class Resource(models.Model):
    name = models.CharField(max_length=120)
    description = models.CharField(_("short description"), max_length=400)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # How to reach it: at least one is required (validated in the admin form).
    phone = models.CharField(max_length=32, blank=True, help_text=_("Stored as + and digits, e.g. +441234567890."))
    sms_number = models.CharField(_("SMS number or short code"), max_length=32, blank=True)
    sms_keyword = models.CharField(_("SMS keyword"), max_length=40, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    # When it is available.
    is_24_7 = models.BooleanField(_("open 24/7"), default=False)
    time_zone = models.CharField(max_length=64, default="UTC")
    starts_at = models.DateTimeField(null=True, blank=True, help_text=_("For workshops and events."))
    ends_at = models.DateTimeField(null=True, blank=True, help_text=_("After this the event drops out of listings."))
    languages = models.CharField(max_length=200, default="en", help_text=_("Language codes, comma-separated."))
    cost = models.CharField(max_length=10, choices=Cost.choices, default=Cost.FREE)
    audience = models.CharField(max_length=120, blank=True, help_text=_("e.g. young people, veterans, LGBTQ+"))
    # Curation.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    last_verified_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_review_due = models.DateField(null=True, blank=True)
    internal_notes = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, help_text=_("Demo data, not a vetted resource."))
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggested_resources"
    )
    suggester_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_ok = models.BooleanField(null=True, editable=False)
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "kind"], name="resource_status_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:list") + f"#resource-{self.pk}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone if self.time_zone in known_time_zones() else "UTC")

    @property
    def language_list(self) -> list[str]:
        return [code.strip().lower() for code in self.languages.split(",") if code.strip()]

    @property
    def sms_href(self) -> str:
        if not self.sms_number:
            return ""
        return f"sms:{self.sms_number}" + (f"?body={self.sms_keyword}" if self.sms_keyword else "")

    def is_open_at(self, moment: datetime) -> bool:
        """Whether it is open at `moment`, judged by the opening hours in the resource's own time
        zone. Hours that close at or before they open run past midnight into the next day."""
        if self.is_24_7:
            return True
        local = moment.astimezone(self.zone)
        return any(hours.covers(local) for hours in self.opening_hours.all())


class ResourceTopic(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(max_length=40, choices=Topic.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "topic"], name="one_topic_row")]

    def __str__(self):
        return self.get_topic_display()


class ResourceRegion(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="regions")
    country = models.CharField(max_length=2, help_text=_("ISO 3166 code such as GB or US, or * for online/anywhere."))
    area = models.CharField(max_length=80, blank=True, help_text=_("Optional: a state, county or city."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "country", "area"], name="one_region_row")]

    def __str__(self):
        if self.country == ANYWHERE:
            return str(_("Online / anywhere"))
        return f"{self.country}{' – ' + self.area if self.area else ''}"


class OpeningHours(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                 (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]
    )  # fmt: skip
    opens = models.TimeField()
    closes = models.TimeField(help_text=_("Earlier than the opening time means it closes after midnight."))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def runs_past_midnight(self) -> bool:
        return self.closes <= self.opens

    def covers(self, local: datetime) -> bool:
        day, clock = local.weekday(), local.time()
        if not self.runs_past_midnight:
            return self.weekday == day and self.opens <= clock < self.closes
        if self.weekday == day and clock >= self.opens:
            return True
        return (self.weekday + 1) % 7 == day and clock < self.closes


class MemberRegion(models.Model):
    """The region a member chose for listings and the crisis page. Never guessed from their IP."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_region")
    country = models.CharField(max_length=2)

    def __str__(self):
        return self.country


class ReviewReminder(models.Model):
    """One row per admin per day: the overdue-review email goes out once, however often the task runs."""

    admin = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["admin", "day"], name="one_reminder_per_admin_per_day")]
