"""Markdown → safe HTML for everything a member writes. The only producer of `body_html`.

Rendering happens once, at write time. markdown-it-py renders CommonMark with raw HTML switched
off; nh3 then cleans the *output* against a small allow-list, so even a renderer bug cannot let
markup through that we did not allow.

A single line break is a line break (`breaks`): members write poems and lists of feelings line by
line and expect them to look that way. No regular expression runs here: every pass over member
text is a plain string operation, linear in its length."""

from html import unescape
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li", "code", "pre", "hr",
        "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
# tel: and sms: because members share crisis numbers ("[call 116 123](tel:116123)").
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
PHONE_SCHEMES = frozenset({"tel", "sms"})
# Member links never pass ranking to their targets, never reveal our page, never get a handle on us.
LINK_REL = "nofollow ugc noopener noreferrer"

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # "*": ammonia otherwise allows title and lang on every tag; our list is the whole list.
    attributes={"*": set()} | {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


def _build_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False, "breaks": True})
    md.enable(["strikethrough", "table", "linkify"])
    md.validateLink = _is_allowed_link

    def heading_open(renderer, tokens, idx, options, env):
        # A post never adds page-level headings: the thread title is the page's <h1>.
        level = min(int(tokens[idx].tag[1]) + 2, 6)
        return f"<h{level}>"

    def heading_close(renderer, tokens, idx, options, env):
        level = min(int(tokens[idx].tag[1]) + 2, 6)
        return f"</h{level}>\n"

    def image(renderer, tokens, idx, options, env):
        # Loading a remote image would tell its host every reader's IP address: show a link instead.
        token = tokens[idx]
        src = token.attrGet("src") or ""
        alt = md.renderer.renderInlineAsText(token.children or [], options, env) or src
        if not _is_allowed_link(src):
            return escapeHtml(alt)
        return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("image", image)
    return md


_IGNORED_IN_URLS = {code: None for code in [*range(0x21), 0x7F]}
_SCHEME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def _scheme_of(url: str) -> str | None:
    """The URL's scheme, read the way browsers do (control characters and spaces ignored), or None
    for a relative link."""
    cleaned = url.translate(_IGNORED_IN_URLS)
    scheme, colon, _rest = cleaned.partition(":")
    if not colon or not scheme[:1].isascii() or not scheme[:1].isalpha():
        return None
    return scheme.lower() if all(ch in _SCHEME_CHARACTERS for ch in scheme) else None


_PHONE_CHARACTERS = frozenset("0123456789+-.() ")


def _is_phone_link(scheme: str, target: str) -> bool:
    """tel: and sms: links carry a phone number and nothing else (sms: may add a message body):
    whatever a member types after them, a link can only ever start a call or a text."""
    number, question, query = unquote(target).partition("?")
    if scheme == "tel" and question:
        return False
    if question and not all(part.partition("=")[0].lower() == "body" for part in query.split("&")):
        return False
    return any(ch.isdigit() for ch in number) and all(ch in _PHONE_CHARACTERS for ch in number)


def _is_allowed_link(url: str) -> bool:
    """Relative links and http(s), mailto, tel and sms only; anything else is rendered as plain text."""
    scheme = _scheme_of(url)
    if scheme in PHONE_SCHEMES:
        return _is_phone_link(scheme, url.translate(_IGNORED_IN_URLS).partition(":")[2])
    return scheme is None or scheme in ALLOWED_URL_SCHEMES


_renderer = _build_renderer()


def clean_html(html: str) -> str:
    """Allow-list clean. Idempotent: clean_html(clean_html(x)) == clean_html(x)."""
    return _cleaner.clean(html)


def render_member_markdown(text: str) -> str:
    """Member Markdown → sanitised HTML, ready to store as body_html."""
    return clean_html(_renderer.render(text))


def render_plain_excerpt(text: str, length: int = 200) -> str:
    """Plain text for snippets (no HTML at all: templates autoescape it)."""
    stripped = unescape(" ".join(nh3.clean(_renderer.render(text), tags=set()).split()))
    if len(stripped) <= length:
        return stripped
    return stripped[: length - 1].rsplit(" ", 1)[0] + "…"
