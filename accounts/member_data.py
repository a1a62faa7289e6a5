"""What the feature apps hold about a member, handed to accounts without accounts importing them.

Accounts sits below forums, moderation and resources. Each of them tells it, in its
AppConfig.ready(), what it holds about a member: the rows for the member's data download, how to
erase them when the account is deleted, whether an address may not sign up again, and what a
profile page shows the member viewing it. Accounts calls them in INSTALLED_APPS order."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class MemberDataHolder:
    # The app's rows about the member, as plain JSON-ready data, merged into the download.
    export: Callable[..., dict] | None = None
    # Called inside the deletion's transaction, before the pseudonym changes: erase(user, keep_posts=...).
    erase: Callable[..., None] | None = None
    # True when this address may not be used to join (a banned account's).
    refuses_email: Callable[[str], bool] | None = None
    # Extra context for a profile page: profile_context(viewer, member) -> dict.
    profile_context: Callable[..., dict] | None = None


_holders: dict[str, MemberDataHolder] = {}


def register(app_label: str, **hooks) -> None:
    """Call from the app's AppConfig.ready(). Registering again replaces the app's hooks."""
    _holders[app_label] = MemberDataHolder(**hooks)


def _ordered() -> list[MemberDataHolder]:
    labels = [config.label for config in apps.get_app_configs()]
    return [_holders[label] for label in labels if label in _holders]


def exported_by_apps(user) -> dict:
    data: dict = {}
    for holder in _ordered():
        if holder.export is not None:
            data.update(holder.export(user))
    return data


def erase_in_apps(user, *, keep_posts: bool) -> None:
    for holder in _ordered():
        if holder.erase is not None:
            holder.erase(user, keep_posts=keep_posts)


def email_refused(email: str) -> bool:
    return any(holder.refuses_email(email) for holder in _ordered() if holder.refuses_email is not None)


def profile_context_from_apps(*, viewer, member) -> dict:
    context: dict = {}
    for holder in _ordered():
        if holder.profile_context is not None:
            context.update(holder.profile_context(viewer, member))
    return context
