"""What resources holds about a member, handed to accounts (accounts/member_data.py)."""

from resources.models import MemberRegion
from resources.selectors import member_resource_data_for_export


def erase_member_data(user, *, keep_posts: bool) -> None:
    MemberRegion.objects.filter(member=user).delete()


HOOKS = {"export": member_resource_data_for_export, "erase": erase_member_data}
