"""What care holds about a member, handed to accounts (accounts/member_data.py) for the data download
and account deletion: their look-in reminders and, for a moderator, their shift marks, topic
opt-outs and debrief notes."""

from care.models import Debrief, LookInReminder, ShiftMark, TopicOptOut
from care.selectors import member_care_data_for_export


def erase_member_care_data(user) -> None:
    """Account deletion: their reminders, and as a moderator their shift marks, opt-outs and debriefs."""
    LookInReminder.objects.filter(member=user).delete()
    ShiftMark.objects.filter(moderator=user).delete()
    TopicOptOut.objects.filter(moderator=user).delete()
    Debrief.objects.filter(moderator=user).delete()


def erase_member_data(user, *, keep_posts: bool) -> None:
    """Inside the account deletion's transaction: none of it is kept, whatever happens to posts."""
    erase_member_care_data(user)


HOOKS = {"export": member_care_data_for_export, "erase": erase_member_data}
