"""Saved replies, filled in for one member: their region's crisis lines, the staffed hours, when
moderators are next on, the guideline of a decision and how to ask for it to be looked at again.

Only the placeholders listed here are replaced, by plain string substitution (never str.format, so a
brace an admin types is just a brace). The result is Markdown the moderator can edit; it goes through
the sanitiser like every message when it is sent."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from conversations.models import SavedReply, Situation
from moderation.models import GuidelineSection, Sanction
from moderation.selectors import guideline_get_current
from moderation.staffing import moderators_back_at, moderators_on_duty
from resources.models import MemberRegion
from resources.selectors import crisis_lines_for_reader
from safespace.dates import format_when

PLACEHOLDER = re.compile(r"\{(crisis_lines|staffed_hours|back_at|guideline|appeal)\}")
CRISIS_LINES_SHOWN = 3


def member_region(member) -> str:
    return MemberRegion.objects.filter(member=member).values_list("country", flat=True).first() or ""


def crisis_lines_markdown(member) -> str:
    """The member's region's crisis lines (or the international set), one Markdown list item each."""
    lines = []
    for line in crisis_lines_for_reader(member_region(member), limit=CRISIS_LINES_SHOWN):
        reach = []
        if line.get("phone_display") or line.get("phone"):
            number = line.get("phone_display") or line.get("phone")
            reach.append(f"[{number}]({line['phone_href']})" if line.get("phone_href") else number)
        if line.get("sms_display"):
            reach.append(_("text %(number)s") % {"number": line["sms_display"]})
        when = _("any time") if line.get("is_24_7") else ""
        text = f"- **{line['name']}**"
        if reach:
            text += ": " + _(" or ").join(reach)
        if when:
            text += f" ({when})"
        lines.append(text)
    if not lines:
        # A path, not an address: the message is read on the site, whatever host serves it.
        return "- " + _("[Get help now](%(url)s) lists who you can call.") % {"url": reverse("resources:help")}
    return "\n".join(lines)


def staffed_hours_words() -> str:
    start, end = (part.strip() for part in settings.MODERATION_STAFFED_HOURS.split("-"))
    if start == end:
        return _("around the clock")
    return _("%(start)s to %(end)s (%(zone)s) every day") % {
        "start": start,
        "end": end,
        "zone": settings.MODERATION_TIME_ZONE,
    }


def back_at_words() -> str:
    if moderators_on_duty():
        return _("now")
    return format_when(moderators_back_at())


def guideline_words(decision=None) -> str:
    """The guideline a decision cites, by number and title, or the guidelines page."""
    section = None
    if decision is not None:
        number = (decision.new_value or {}).get("guideline")
        sanction_id = (decision.new_value or {}).get("sanction")
        if sanction_id:
            sanction = Sanction.objects.filter(pk=sanction_id).select_related("guideline_section").first()
            section = sanction.guideline_section if sanction is not None else None
        elif number:
            current = guideline_get_current()
            section = GuidelineSection.objects.filter(guideline=current, number=number).first() if current else None
    if section is not None:
        return _("guideline %(number)s, “%(title)s”") % {"number": section.number, "title": section.title}
    return _("[our community guidelines](%(url)s)") % {"url": reverse("guidelines")}


def appeal_words(decision=None) -> str:
    if decision is None:
        return _("If you think a decision was a mistake, you can ask another moderator to look again.")
    return _("If you think it was a mistake, you can ask another moderator to look again, with the link below.")


def fill(text: str, *, member, decision=None) -> str:
    values = {}

    def value(name: str) -> str:
        if name not in values:
            values[name] = {
                "crisis_lines": lambda: crisis_lines_markdown(member),
                "staffed_hours": staffed_hours_words,
                "back_at": back_at_words,
                "guideline": lambda: guideline_words(decision),
                "appeal": lambda: appeal_words(decision),
            }[name]()
        return values[name]

    return PLACEHOLDER.sub(lambda match: value(match.group(1)), text)


def saved_replies_for(situations) -> list[SavedReply]:
    return list(SavedReply.objects.filter(is_active=True, situation__in=list(situations)))


def first_saved_reply(situation: str) -> SavedReply | None:
    return SavedReply.objects.filter(is_active=True, situation=situation).first()


OUT_OF_HOURS_FALLBACK = _(
    "This is an automatic message: no moderator is on right now. Thank you for telling us how things are. "
    "If you need someone now, these lines answer:\n\n{crisis_lines}\n\nIf you are in immediate danger, "
    "please call your local emergency number. A moderator will check in with you here when we are back, "
    "at {back_at}."
)


def out_of_hours_text(member) -> str:
    reply = first_saved_reply(Situation.OUT_OF_HOURS)
    return fill(reply.body if reply else str(OUT_OF_HOURS_FALLBACK), member=member)
