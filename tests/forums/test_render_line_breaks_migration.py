import importlib

import pytest
from django.apps import apps

from forums.models import Post
from tests.factories import ThreadFactory, UserFactory, reply_to

migration = importlib.import_module("forums.migrations.0012_render_line_breaks")


@pytest.mark.django_db
def test_posts_stored_before_line_breaks_are_rendered_again():
    thread = ThreadFactory()
    poem = reply_to(thread, author=UserFactory(), body="I can't sleep\nI keep thinking\nabout her")
    number = reply_to(thread, author=UserFactory(), body="[call 116 123](tel:116123)")
    plain = reply_to(thread, author=UserFactory(), body="One line only.")
    Post.objects.filter(pk=poem.pk).update(body_html="<p>I can't sleep\nI keep thinking\nabout her</p>\n")
    Post.objects.filter(pk=number.pk).update(body_html="<p>[call 116 123](tel:116123)</p>\n")
    Post.objects.filter(pk=plain.pk).update(body_html="<p>left alone</p>\n")
    migration.render_again(apps, None)
    assert Post.objects.get(pk=poem.pk).body_html == "<p>I can't sleep<br>\nI keep thinking<br>\nabout her</p>\n"
    assert 'href="tel:116123"' in Post.objects.get(pk=number.pk).body_html
    assert Post.objects.get(pk=plain.pk).body_html == "<p>left alone</p>\n"
