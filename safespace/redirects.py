"""Going back to the page a small form was sent from."""

import re

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

# Control characters never belong in an address of ours, and a newline would break the header.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def is_own_page(request, target: str) -> bool:
    """Only a path on this site: never another host, and never a bare word, which Django's
    redirect() would try to look up as a view name (and answer 500 when there is none)."""
    return (
        target.startswith("/")
        and not _CONTROL_CHARACTERS.search(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


def back_to(request, target: str, fallback: str) -> HttpResponseRedirect:
    """Redirects to target when it is a page of this site, else to fallback (a path)."""
    return HttpResponseRedirect(target if is_own_page(request, target) else fallback)
