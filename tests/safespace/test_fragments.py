"""Kept HTML (safespace/fragments.py): a release that draws things differently never serves the
copies kept by the release before, and a cache that is away costs renders, never a page."""

from unittest import mock

from django.core.cache import cache

from safespace import fragments


def _build_of(tmp_path, settings, template_text):
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "post.html").write_text(template_text)
    settings.BASE_DIR = tmp_path
    fragments.build_id.cache_clear()
    try:
        return fragments.build_id()
    finally:
        fragments.build_id.cache_clear()


def test_the_build_changes_when_a_template_changes_and_only_then(tmp_path, settings):
    first = _build_of(tmp_path, settings, "<article>{{ post }}</article>")
    assert _build_of(tmp_path, settings, "<article>{{ post }}</article>") == first
    assert _build_of(tmp_path, settings, "<article class='post'>{{ post }}</article>") != first


def test_a_copy_kept_by_one_release_is_not_served_by_the_next():
    with mock.patch.object(fragments, "build_id", return_value="release-one"):
        fragments.set_many({"forums:post-html:1:abc": "<article>old drawing</article>"}, 60)
        fragments.forget_in_this_process()  # another process of the same release
        assert fragments.get_many(["forums:post-html:1:abc"]) == {
            "forums:post-html:1:abc": "<article>old drawing</article>"
        }
    fragments.forget_in_this_process()  # a process of the next release starts with an empty memory
    with mock.patch.object(fragments, "build_id", return_value="release-two"):
        assert fragments.get_many(["forums:post-html:1:abc"]) == {}
    cache.clear()


def test_with_the_cache_away_fragments_are_kept_in_memory_and_nothing_raises():
    failing = mock.Mock(side_effect=ConnectionError("cache away"))
    with mock.patch.object(cache, "get_many", failing), mock.patch.object(cache, "set_many", failing):
        assert fragments.get_many(["safespace:site-header:x"]) == {}
        fragments.set_many({"safespace:site-header:x": "<header></header>"}, 60)
        assert fragments.get_many(["safespace:site-header:x"]) == {"safespace:site-header:x": "<header></header>"}
    fragments.forget_in_this_process()


def test_a_placeholder_survives_escaping_and_is_filled_in():
    html = f'<input name="csrfmiddlewaretoken" value="{fragments.placeholder("csrf")}">'
    from django.utils.html import escape

    assert escape(fragments.placeholder("csrf")) == fragments.placeholder("csrf")
    assert fragments.fill(html, {"csrf": "token123"}) == '<input name="csrfmiddlewaretoken" value="token123">'
    assert fragments.placeholder("csrf") != fragments.placeholder("next")
