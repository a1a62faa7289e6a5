from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.sanitise import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    clean_html,
    render_member_markdown,
    render_plain_excerpt,
)

PAYLOADS = [
    line
    for line in (Path(__file__).resolve().parents[1] / "data" / "xss-payloads.txt").read_text().splitlines()
    if line and not line.startswith("#")
]
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "img",
    "svg",
    "math",
    "form",
    "input",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "video",
    "audio",
    "source",
    "applet",
    "textarea",
    "button",
}
FORBIDDEN_SCHEMES = ("javascript:", "data:", "vbscript:")


class ParsedHTML(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, {attr: value})
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _unsafe_parts(html):
    problems = []
    for tag, attrs in ParsedHTML(html).elements:
        if tag in FORBIDDEN_TAGS or tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"{tag}[{name}]")
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) and not (tag == "a" and name == "rel"):
                problems.append(f"{tag}[{name}] not allowed")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                squashed = "".join(ch for ch in (value or "") if ch > " " and ch != "\x7f").lower()
                if squashed.startswith(FORBIDDEN_SCHEMES):
                    problems.append(f"{tag}[{name}]={value!r}")
    return problems


def test_corpus_is_the_full_public_list():
    assert len(PAYLOADS) > 6000


@pytest.mark.parametrize("render", [render_member_markdown, clean_html], ids=["markdown", "clean_html"])
def test_no_payload_in_the_xss_corpus_survives(render):
    failures = {}
    for payload in PAYLOADS:
        problems = _unsafe_parts(render(payload))
        if problems:
            failures[payload] = problems
    assert failures == {}


def test_formatting_members_use_survives():
    html = render_member_markdown(
        "**bold** _soft_ ~~old~~ `code`\n\n> a quote\n\n- one\n- two\n\n1. first\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    for fragment in (
        "<strong>bold</strong>",
        "<em>soft</em>",
        "<s>old</s>",
        "<code>code</code>",
        "<blockquote>",
        "<ul>",
        "<ol>",
        "<table>",
        "<td>1</td>",
    ):
        assert fragment in html


def test_links_get_rel_and_never_a_target():
    html = render_member_markdown('[help](https://example.org/path) and https://example.com <a target="_blank">x</a>')
    elements = [attrs for tag, attrs in ParsedHTML(html).elements if tag == "a"]
    assert len(elements) == 2
    for attrs in elements:
        assert attrs["rel"] == LINK_REL
        assert "target" not in attrs


def test_relative_and_mailto_links_are_allowed_but_javascript_is_not():
    assert 'href="/guidelines/"' in render_member_markdown("[rules](/guidelines/)")
    assert 'href="mailto:a@example.org"' in render_member_markdown("[mail](mailto:a@example.org)")
    assert "<a" not in render_member_markdown("[x](javascript:alert(1))")
    assert "<a" not in render_member_markdown("[x](JaVa\tScRiPt:alert(1))")


@pytest.mark.parametrize(
    "text",
    [
        "[x](&#106;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x]\n\n[x]: javascript:alert(1)",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        "![x](data:image/png;base64,AAAA)",
    ],
)
def test_dangerous_link_schemes_never_become_links_however_they_are_spelled(text):
    html = render_member_markdown(text)
    assert _unsafe_parts(html) == []
    assert "<a" not in html


def test_image_without_alt_text_links_with_its_address():
    html = render_member_markdown("![](https://images.example.org/lake.jpg)")
    assert ">https://images.example.org/lake.jpg</a>" in html


def test_remote_image_becomes_a_plain_link():
    html = render_member_markdown("![a calm lake](https://images.example.org/lake.jpg)")
    assert "<img" not in html
    assert (
        '<a href="https://images.example.org/lake.jpg" rel="nofollow ugc noopener noreferrer">a calm lake</a>' in html
    )


def test_headings_never_outrank_the_thread_title():
    html = render_member_markdown("# Big\n\n## Smaller")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


def test_raw_html_is_shown_as_text_not_markup():
    html = render_member_markdown("<b>hello</b>")
    assert "&lt;b&gt;hello&lt;/b&gt;" in html


def test_plain_excerpt_keeps_words_from_separate_blocks_apart():
    assert render_plain_excerpt("# Today\n\nwas hard\n\n- but\n- okay", length=100) == "Today was hard but okay"


def test_plain_excerpt_shows_what_was_typed_as_text():
    assert render_plain_excerpt("tea & <b>toast</b>", length=100) == "tea & <b>toast</b>"


def test_plain_excerpt_has_no_markup_and_is_shortened_at_a_word():
    excerpt = render_plain_excerpt("**Today** was hard, " * 30, length=50)
    assert "**" not in excerpt and "<strong>" not in excerpt
    assert len(excerpt) <= 50 and excerpt.endswith("…")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_clean_html_is_idempotent_and_only_keeps_allowed_markup(text):
    once = clean_html(text)
    assert clean_html(once) == once
    assert _unsafe_parts(once) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>/=\"' abcdefghijklmnopqrstuvwxyz:[]()!*_#`-\n&;", max_size=200))
def test_rendered_markdown_is_already_clean(text):
    html = render_member_markdown(text)
    assert clean_html(html) == html
    assert _unsafe_parts(html) == []


def test_a_single_newline_is_a_line_break():
    html = render_member_markdown("I can't sleep\nI keep thinking\nabout her")
    assert html == "<p>I can't sleep<br>\nI keep thinking<br>\nabout her</p>\n"


def test_a_blank_line_still_starts_a_new_paragraph():
    assert render_member_markdown("one\n\ntwo") == "<p>one</p>\n<p>two</p>\n"


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[call 116 123](tel:116123)", "tel:116123"),
        ("[call](tel:+44-116-123)", "tel:+44-116-123"),
        ("[call](TEL:(0800)%20123%20456)", "TEL:(0800)%20123%20456"),
        ("<tel:116123>", "tel:116123"),
        ("[text SHOUT](sms:85258)", "sms:85258"),
        ("[text](sms:+447700900123?body=CONNECT)", "sms:+447700900123?body=CONNECT"),
    ],
)
def test_phone_and_text_links_members_share_become_links(text, href):
    elements = [attrs for tag, attrs in ParsedHTML(render_member_markdown(text)).elements if tag == "a"]
    assert [attrs["href"] for attrs in elements] == [href]
    assert elements[0]["rel"] == LINK_REL


@pytest.mark.parametrize(
    "text",
    [
        "[x](tel:javascript:alert(1))",
        "[x](tel:116123?javascript:alert(1))",
        "[x](sms:116123?onload=alert(1))",
        "[x](sms:)",
        "[x](tel:%6a%61%76%61script:alert(1))",
        "[x](tel:116123<script>)",
        "<tel:javascript:alert(1)>",
    ],
)
def test_phone_links_carry_a_number_and_nothing_else(text):
    html = render_member_markdown(text)
    assert "<a" not in html
    assert _unsafe_parts(html) == []


@pytest.mark.parametrize("scheme", ["tel", "sms"])
def test_no_payload_in_the_xss_corpus_survives_inside_a_phone_link(scheme):
    failures = {}
    for payload in PAYLOADS:
        for text in (f"[call]({scheme}:{payload})", f"<{scheme}:{payload}>", f"[call]({scheme}:116123 {payload})"):
            html = render_member_markdown(text)
            problems = _unsafe_parts(html)
            problems += [
                f"a[href]={attrs['href']!r}"
                for tag, attrs in ParsedHTML(html).elements
                if tag == "a"
                and attrs.get("href", "").lower().startswith(("tel:", "sms:"))
                and not set(attrs["href"].split(":", 1)[1].partition("?")[0]) <= set("0123456789+-.()%20")
            ]
            if problems:
                failures[text] = problems
    assert failures == {}
