"""Posts keep a plain-text copy of their rendered HTML for search snippets; existing posts get
theirs here, in batches, from the stored (already sanitised) HTML."""

from django.db import migrations, models

BATCH = 1000


def fill_plain_text(apps, schema_editor):
    from moderation.sanitise import plain_text

    Post = apps.get_model("forums", "Post")
    last_pk = 0
    while True:
        batch = list(Post.objects.filter(pk__gt=last_pk).order_by("pk").only("pk", "body_html")[:BATCH])
        if not batch:
            return
        for post in batch:
            post.body_text = plain_text(post.body_html)
        Post.objects.bulk_update(batch, ["body_text"])
        last_pk = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("forums", "0009_email_sending_state")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_plain_text, migrations.RunPython.noop),
    ]
