from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moderation.restrictions import restriction_for
from resources.forms import DirectoryFilterForm, RegionForm, SuggestionForm
from resources.selectors import (
    REGION_COOKIE,
    DirectoryFilters,
    country_choices,
    crisis_lines_for_reader,
    region_choices_for_saving,
    region_for_request,
    resource_page_for_directory,
)
from resources.services import set_member_region, suggest_resource, suggestion_refusal_for
from safespace.redirects import back_to
from safespace.refusals import Refused

ONE_YEAR = 365 * 24 * 60 * 60


def resource_list(request):
    region = region_for_request(request)
    countries = country_choices()
    data = request.GET.copy()
    if "country" not in data and region:
        data["country"] = region
    form = DirectoryFilterForm(data, countries=countries)
    filters = DirectoryFilters()
    if form.is_valid():
        cleaned = form.cleaned_data
        filters = DirectoryFilters(
            kind=cleaned["kind"],
            topic=cleaned["topic"],
            country=cleaned["country"],
            language=cleaned["language"],
            cost=cleaned["cost"],
            open_now=cleaned["open_now"],
            always_open=cleaned["always_open"],
            text=cleaned["q"].strip(),
        )
    page = resource_page_for_directory(filters=filters, page_number=request.GET.get("page"))
    other_params = request.GET.copy()
    other_params.pop("page", None)
    return render(
        request,
        "resources/resource_list.html",
        {
            "form": form,
            "page": page,
            "region": region,
            "region_form": RegionForm(initial={"country": region}, countries=countries, prefix="region"),
            "page_query": "&" + other_params.urlencode() if other_params else "",
            # Suspended and banned members can't suggest: no link to a page that would only say so.
            "can_suggest": request.user.is_authenticated and restriction_for(request.user) is None,
        },
    )


@require_POST
def region_set(request):
    """Saves the region chosen in the directory or beside crisis lines, then goes back to the page
    it was chosen on (only ever a page of this site)."""
    form = RegionForm(request.POST, countries=region_choices_for_saving(), prefix="region")
    country = form.cleaned_data["country"] if form.is_valid() else ""
    if request.user.is_authenticated:
        set_member_region(request.user, country=country)
    response = back_to(request, request.POST.get("next", ""), reverse("resources:list"))
    if country:
        response.set_cookie(REGION_COOKIE, country, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(REGION_COOKIE)
    if country:
        messages.success(request, _("Your region is saved. Listings now show help near you first."))
    else:
        messages.success(request, _("Your region is cleared. We now show help from several countries."))
    return response


@login_required
def resource_suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggest_resource(
                acting_user=request.user,
                name=data["name"],
                description=data["description"],
                kind=data["kind"],
                website=data["website"],
                phone=data["phone"],
                country=data["country"],
                topics=data["topics"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)  # the form comes back with every word kept
        else:
            messages.success(
                request, _("Thank you. An admin will check your suggestion, and we'll email you when it's published.")
            )
            return redirect("resources:list")
    return render(
        request, "resources/resource_suggest.html", {"form": form, "refusal": suggestion_refusal_for(request.user)}
    )


def get_help_now(request):
    """Crisis lines for the person's region. Renders from the snapshot (cache, then file), and
    still renders, for a visitor, when the database is down: this page must always load."""
    context = {}
    try:
        region = region_for_request(request)
    except DatabaseError:
        # No session or member can be read: show the page as a visitor sees it.
        request.user = AnonymousUser()
        region = region_for_request(request)
        context = {"user": request.user, "messages": []}
    resources = crisis_lines_for_reader(region, next_url=reverse("resources:help"))
    context.update({"resources": resources, "region": region, "region_choice": resources.region_choice})
    return render(request, "resources/help.html", context)


def staying_safe(request):
    """How to cover one's tracks. Rendered without the request (no session, no member, no database),
    like the error pages: it must load in an outage, and reading it must leave nothing behind."""
    html = loader.get_template("resources/staying_safe.html").render(
        {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL, "SITE_NAME": settings.SITE_NAME}
    )
    return HttpResponse(html)
