"""Posts written line by line look that way: a single newline became a line break in the renderer,
and tel:/sms: links to a number became links, so posts stored before that are rendered again.

Only posts whose text has a line break or a phone link can change; they are read and written in
batches, so a large forum is not held in memory; their plain text for search snippets follows. Uses today's renderer on purpose: body_html is
always what the renderer makes of body."""

from django.db import migrations
from django.db.models import Q

BATCH = 500


def render_again(apps, schema_editor):
    from moderation.sanitise import plain_text, render_member_markdown

    Post = apps.get_model("forums", "Post")
    candidates = Post.objects.filter(Q(body__contains="\n") | Q(body__icontains="tel:") | Q(body__icontains="sms:"))
    changed = []
    for post in candidates.only("pk", "body", "body_html", "body_text").iterator(chunk_size=BATCH):
        html = render_member_markdown(post.body)
        if html != post.body_html:
            post.body_html = html
            post.body_text = plain_text(html)
            changed.append(post)
        if len(changed) >= BATCH:
            Post.objects.bulk_update(changed, ["body_html", "body_text"])
            changed = []
    Post.objects.bulk_update(changed, ["body_html", "body_text"])


class Migration(migrations.Migration):
    dependencies = [("forums", "0011_hidden_posts")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
