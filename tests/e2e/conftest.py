"""Browser tests: Playwright drives Chromium (Debian's package, else Playwright's own build: see
tests/e2e/browser.py) against pytest-django's live_server.

Every page a journey visits is checked with axe-core, and any request to a host other than the
live server fails the test: Safe Space never makes a reader's browser talk to a third party."""

import os
from functools import cache
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import find_chromium

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse every
# ORM call from it (including the test database setup). Applies to this pytest process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


chromium = cache(find_chromium)  # looked up once per run


def pytest_collection_modifyitems(config, items):
    e2e = [item for item in items if "tests/e2e/" in str(item.fspath).replace(os.sep, "/")]
    # In CI a missing browser is a failure (the launch fails), never a silent skip.
    have_browser = not e2e or os.environ.get("CI") or chromium() is not None
    for item in e2e:
        item.add_marker(pytest.mark.e2e)
        if not have_browser:
            item.add_marker(
                pytest.mark.skip(
                    reason="no Chromium: install Debian's chromium package or run .venv/bin/playwright install chromium"
                )
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if (path := chromium()) is not None:
        args["executable_path"] = path
    return args


@pytest.fixture
def foreign_requests():
    """URLs of requests the page tried to send to any host but the live server."""
    return []


@pytest.fixture
def allowed_hosts():
    """Hosts a test lets the page reach besides the live server (their responses are faked)."""
    return set()


@pytest.fixture
def page(page, live_server, foreign_requests, allowed_hosts, pytestconfig):
    own_host = urlsplit(live_server.url).netloc

    def guard(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == own_host:
            route.continue_()
        elif parts.hostname in allowed_hosts:
            route.fulfill(
                status=200, content_type="text/html", body="<!doctype html><title>Weather</title><h1>Weather</h1>"
            )
        else:
            foreign_requests.append(url)
            route.abort()

    page.context.route("**/*", guard)
    page.set_default_timeout(10_000)
    axe_js = os.environ.get("AXE_JS", str(pytestconfig.rootpath / "node_modules/axe-core/axe.min.js"))
    # An init script, not add_script_tag(): the CSP (script-src 'self') blocks inline script tags.
    page.add_init_script(path=axe_js)
    yield page
    assert foreign_requests == [], f"the page tried to reach other hosts: {foreign_requests}"


class Axe:
    """axe(page) asserts that the current page has no WCAG 2.2 A/AA or best-practice violations."""

    def __init__(self, page):
        self.page = page

    def violations(self):
        return self.page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
            WCAG_TAGS,
        )

    def __call__(self, *, dark_too=True):
        # After a click, the new page's DOM can be there before its stylesheets: axe would then
        # judge unstyled targets and colours. Wait for the load event first.
        self.page.wait_for_load_state("load")
        schemes = ["light", "dark"] if dark_too else ["light"]
        for scheme in schemes:
            # Reduced motion: Bootstrap then skips its colour transitions, so axe reads final colours.
            self.page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
            # What static/js/color-scheme.js does when a page loads in this scheme (emulation does
            # not fire the media query's change event reliably).
            self.page.evaluate(
                "document.documentElement.setAttribute('data-bs-theme',"
                " matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')"
            )
            found = self.violations()
            assert found == [], f"axe ({scheme} scheme) on {self.page.url}:\n" + self.report(found)
        self.page.emulate_media(color_scheme="light")

    @staticmethod
    def report(violations):
        lines = []
        for violation in violations:
            lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
            for node in violation["nodes"]:
                summary = (node.get("failureSummary") or "").splitlines()
                lines.append(f"    at {node['target']}: {summary[1].strip() if len(summary) > 1 else ''}")
        return "\n".join(lines)


@pytest.fixture
def axe(page):
    return Axe(page)


@pytest.fixture
def log_in(page, live_server):
    """Logs in through the real form, as a person would."""

    def _log_in(user, password):
        from playwright.sync_api import expect

        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Pseudonym or email").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in", exact=True).click()
        expect(page.get_by_role("navigation", name="Your account")).to_contain_text(user.username)

    return _log_in


@pytest.fixture(autouse=True)
def _published_guidelines(request):
    """Browser tests use real transactions, and pytest-django empties every table after each one,
    including the guidelines a data migration seeds. Sign-up needs them: put them back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from moderation.guideline_text import seed_first_guidelines
    from moderation.models import Guideline, GuidelineSection

    seed_first_guidelines(Guideline, GuidelineSection)


@pytest.fixture
def shipped_crisis_phrases():
    """Browser tests empty every table between tests, the watched words the migrations ship too:
    put the crisis phrases back as the migrations ship them, for journeys that need the crisis net."""
    import importlib

    from django.apps import apps

    importlib.import_module("moderation.migrations.0014_widen_crisis_phrases").widen(apps, None)
    importlib.import_module("moderation.migrations.0018_crisis_phrases_reach_goodbyes_and_hopelessness").reach_further(
        apps, None
    )


# The 30-second window of the last code typed for each secret: the site takes a code once.
_windows_typed: dict[str, int] = {}


def current_totp_code(secret: str) -> str:
    """The authenticator code a moderator's phone would show now. Codes change every 30 seconds and
    the site allows no drift, so wait out the last few seconds of a window rather than type a code
    that expires before the form arrives (a flaky login otherwise). A code is taken once: a second
    log in within the same window waits for the next code, as a moderator would."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    while True:
        # A loaded machine can take several seconds from here to the server's check.
        if 30 - time.time() % 30 < 8:
            time.sleep(30 - time.time() % 30 + 0.5)
        window = int(time.time()) // 30
        if _windows_typed.get(secret) != window:
            break
        time.sleep(30 - time.time() % 30 + 0.5)
    _windows_typed[secret] = window
    return format_hotp_value(hotp_value(secret, window))
