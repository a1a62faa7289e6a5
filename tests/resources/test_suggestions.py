"""Suggesting a resource: a journey through the rendered form, the daily cap and restricted members."""

import pytest
from django.urls import reverse

from moderation.models import SanctionKind
from moderation.selectors import guideline_get_current
from moderation.services import sanction_member
from resources.models import Resource, Status
from resources.services import SUGGESTIONS_PER_DAY, suggest_resource
from safespace.refusals import Refused
from tests.journeys import choices, form_with


def _suggestion(**overrides):
    return {"name": "Night Owls", "description": "A late chat group.", "kind": "support-group",
            "website": "https://nightowls.example.org", **overrides}  # fmt: skip


@pytest.mark.django_db
def test_member_suggests_a_resource_through_the_form(django_app, member):
    page = django_app.get(reverse("resources:list"), user=member).click(description="Suggest a resource")
    form = form_with(page, "name", "description", "kind")
    form["name"] = "Harbour Lights"
    form["description"] = "A weekly peer group for grief."
    form["kind"].select(choices(form["kind"])[1])  # a kind the page really offers
    form.get("topics", index=0).checked = True
    form["website"] = "https://harbour.example.org"
    done = form.submit().follow()
    assert "An admin will check your suggestion" in done.text
    resource = Resource.objects.get()
    assert resource.status == Status.DRAFT and resource.suggested_by == member and resource.name == "Harbour Lights"


@pytest.mark.django_db
def test_suggestions_have_a_daily_cap_and_the_refused_form_keeps_every_word(django_app, member):
    page = django_app.get(reverse("resources:suggest"), user=member)
    for index in range(SUGGESTIONS_PER_DAY):
        suggest_resource(acting_user=member, **_suggestion(name=f"Group {index}"))
    with pytest.raises(Refused, match="please send more tomorrow"):
        suggest_resource(acting_user=member, **_suggestion(name="One more"))
    form = form_with(page, "name", "description", "kind")
    form["name"] = "Kept words"
    form["description"] = "Everything I typed."
    form["website"] = "https://kept.example.org"
    form["kind"].select(choices(form["kind"])[1])
    refused = form.submit()
    assert "please send more tomorrow" in refused.text
    assert "Kept words" in refused.text and "Everything I typed." in refused.text
    assert Resource.objects.filter(suggested_by=member).count() == SUGGESTIONS_PER_DAY
    # Opened again, the page says so up front instead of offering a form that would be refused.
    again = django_app.get(reverse("resources:suggest"), user=member)
    assert "please send more tomorrow" in again.text and 'name="description"' not in again.text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [SanctionKind.SUSPENSION, SanctionKind.BAN])
def test_suspended_and_banned_members_cannot_suggest_resources(
    kind, member, moderator, django_app, django_capture_on_commit_callbacks
):
    section = guideline_get_current().sections.get(number=1)
    page = django_app.get(reverse("resources:suggest"), user=member)
    form = form_with(page, "name", "description", "kind")
    form["name"] = "Typed before the decision"
    form["description"] = "Words that must not be lost."
    form["phone"] = "+44 20 7946 0000"
    form["kind"].select(choices(form["kind"])[1])
    with django_capture_on_commit_callbacks(execute=True):
        sanction_member(member, acting_user=moderator, kind=kind, guideline_section=section)
    refused = form.submit()
    assert refused.status_code == 200
    assert "you can&#x27;t suggest resources" in refused.text
    assert "Typed before the decision" in refused.text and "Words that must not be lost." in refused.text
    assert not Resource.objects.exists()
    directory = django_app.get(reverse("resources:list"), user=member)
    assert reverse("resources:suggest") not in directory.text  # no link to a page that would only refuse
    with pytest.raises(Refused):
        suggest_resource(acting_user=member, **_suggestion())
