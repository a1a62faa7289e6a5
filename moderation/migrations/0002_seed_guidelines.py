from django.db import migrations


def seed(apps, schema_editor):
    from moderation.guideline_text import seed_first_guidelines

    seed_first_guidelines(apps.get_model("moderation", "Guideline"), apps.get_model("moderation", "GuidelineSection"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
