"""Decisions about anonymous posts were filed under their author, so a member's moderation record and
the admin log told who wrote them. They stay on the post; the member link is emptied."""

from django.db import migrations


def detach(apps, schema_editor):
    ModerationAction = apps.get_model("moderation", "ModerationAction")
    ModerationAction.objects.filter(post__is_anonymous=True, member__isnull=False).update(member=None)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0015_report_worried_once_per_person_per_day"),
        ("forums", "0008_board_first_post_approval"),
    ]

    operations = [migrations.RunPython(detach, migrations.RunPython.noop)]
