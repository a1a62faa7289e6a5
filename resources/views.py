from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resources.forms import DirectoryFilterForm, RegionForm, SuggestionForm
from resources.selectors import (
    REGION_COOKIE,
    DirectoryFilters,
    country_choices,
    crisis_resources_for_region,
    region_for_request,
    resource_page_for_directory,
)
from resources.services import set_member_region, suggest_resource

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
        },
    )


@require_POST
def region_set(request):
    form = RegionForm(request.POST, countries=country_choices(), prefix="region")
    country = form.cleaned_data["country"] if form.is_valid() else ""
    if request.user.is_authenticated:
        set_member_region(request.user, country=country)
    response = redirect(request.POST.get("next") if request.POST.get("next") == "/help/" else "resources:list")
    if country:
        response.set_cookie(REGION_COOKIE, country, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(REGION_COOKIE)
    messages.success(request, _("Your region is saved. Listings now show help near you first."))
    return response


@login_required
def resource_suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
        messages.success(
            request, _("Thank you. An admin will check your suggestion, and we'll email you when it's published.")
        )
        return redirect("resources:list")
    return render(request, "resources/resource_suggest.html", {"form": form})


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
    context.update({"resources": crisis_resources_for_region(region), "region": region})
    return render(request, "resources/help.html", context)


def staying_safe(request):
    """How to cover one's tracks. Rendered without the request (no session, no member, no database),
    like the error pages: it must load in an outage, and reading it must leave nothing behind."""
    html = loader.get_template("resources/staying_safe.html").render(
        {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL, "SITE_NAME": settings.SITE_NAME}
    )
    return HttpResponse(html)
