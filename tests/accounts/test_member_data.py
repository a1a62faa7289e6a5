"""Accounts reaches the feature apps' rows about a member only through what they registered."""

import pytest

from accounts import member_data
from moderation.models import BlockedEmail


def test_each_feature_app_hands_accounts_its_part_of_a_members_data():
    holders = member_data._holders
    assert {"forums", "moderation", "resources"} <= set(holders)
    assert all(holders[label].export for label in ("forums", "moderation", "resources"))
    assert holders["forums"].erase and holders["resources"].erase and holders["moderation"].refuses_email


@pytest.mark.django_db
def test_a_banned_address_is_refused_whatever_its_case(member):
    BlockedEmail.objects.create(email="gone@example.org")
    assert member_data.email_refused("Gone@Example.org")
    assert not member_data.email_refused("welcome@example.org")


@pytest.mark.django_db
def test_the_download_gathers_every_apps_part(member):
    data = member_data.exported_by_apps(member)
    assert {"posts", "reports_filed", "resource_region"} <= set(data)
