import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/login/"])
def test_every_page_links_our_own_favicon_in_svg_with_a_fallback(anon_client, path):
    html = anon_client.get(path).content.decode()
    icons = re.findall(r'<link rel="(icon|apple-touch-icon)" href="([^"]+)"', html)
    hrefs = [href for _rel, href in icons]
    assert any(href.endswith(".svg") for href in hrefs)
    assert any(href.endswith(".ico") for href in hrefs)
    assert all(href.startswith("/static/") for href in hrefs)  # never from another host


def test_favicon_files_are_real_images():
    svg = Path(finders.find("img/favicon.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<script" not in svg
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO header
    with open(finders.find("img/apple-touch-icon.png"), "rb") as touch:
        assert touch.read(8) == b"\x89PNG\r\n\x1a\n"


def test_root_favicon_request_finds_the_icon(anon_client):
    response = anon_client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
