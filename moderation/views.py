from django.shortcuts import render

from moderation.selectors import guideline_get_current


def guidelines(request):
    return render(request, "moderation/guidelines_detail.html", {"guideline": guideline_get_current()})
