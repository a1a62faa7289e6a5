"""The public XSS corpus, rendered through the real posting path into a thread page in Chromium:
no payload may run a script."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from forums.models import Post
from moderation.sanitise import render_member_markdown
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xss-payloads.txt"
PAYLOADS = [line for line in CORPUS.read_text().splitlines() if line and not line.startswith("#")]
SAMPLE = PAYLOADS[::30]  # about 220, spread across the whole list


def test_a_thread_full_of_xss_payloads_runs_no_script(page: Page, live_server):
    thread = ThreadFactory(title="Payloads")
    author = UserFactory()
    Post.objects.bulk_create(
        Post(thread=thread, author=author, position=index, body=payload, body_html=render_member_markdown(payload))
        for index, payload in enumerate(SAMPLE, start=2)
    )
    executions = []
    page.expose_binding("reportExecution", lambda source, what: executions.append(what))
    page.add_init_script(
        "for (const name of ['alert', 'confirm', 'prompt', 'print']) {"
        "  window[name] = (...args) => { window.reportExecution(name + ':' + args.join(',')); return ''; };"
        "}"
        # The CSP would stop most payloads that slipped through; a blocked attempt still means the
        # sanitiser let markup through, so it counts as an execution here.
        "document.addEventListener('securitypolicyviolation',"
        "  (event) => window.reportExecution('csp:' + event.violatedDirective + ':' + event.sourceFile));"
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    posts_seen = 0
    for number in range(1, len(SAMPLE) // 20 + 2):
        response = page.goto(f"{live_server.url}{thread.get_absolute_url()}?page={number}")
        assert response.status == 200
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        page.mouse.move(400, 400)  # hover-triggered payloads get their chance
        page.wait_for_timeout(200)
        posts_seen += page.locator("article.post").count()
    assert len(SAMPLE) > 200
    assert posts_seen >= len(SAMPLE)  # every sampled payload was on a page we looked at
    assert executions == []
    assert dialogs == []

    # The trap itself works: a script that does run is counted, so the zero above means something.
    page.evaluate("() => alert('probe')")
    page.wait_for_timeout(100)
    assert executions == ["alert:probe"]
