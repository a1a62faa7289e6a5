"""The saved replies Safe Space ships with, in the site's voice. Written to the Samaritans' and
#chatsafe's guidance: warm and plain, no detail of any method, no promise we cannot keep (the team
is volunteers, on at set hours; a reply is not a crisis service), the crisis lines every time. An
admin's edit is never overwritten: rows are only added when the situation has none yet."""

from django.db import migrations

CHECK_IN = """Hi, this is the moderator team. We read your post and wanted to check in with you, privately.

It sounds like things are really hard right now, and we're glad you told us. How are you doing at the moment? Are you safe right now?

You can answer below with “I'm okay now” or “I'm still struggling”, and add as much or as little as you like. Only the moderator team reads this conversation.

We're volunteers, not a crisis service, so if you might act on these thoughts, please talk to someone who can be with you now:

{crisis_lines}

If you are in immediate danger, please call your local emergency number."""

REMOVAL_FEEDBACK = """Hi, this is the moderator team. We've hidden your post because of {guideline}, and we wanted to tell you ourselves rather than leave you with a notice.

This isn't about you as a person, and you're welcome here. You can still see and edit your post; nothing you wrote is lost.

{appeal}

If the post came from something hard you're going through, you can keep talking to us here. And if you need someone right now, these lines answer:

{crisis_lines}"""

WELCOME = """Hi, this is the moderator team. We're writing to you privately: only you and the moderators can see this conversation.

We wanted to say hello and let you know you can write to us here any time, about anything on the forum that worries you. We're volunteers, on {staffed_hours}, so sometimes it takes us a little while to answer.

If you ever need someone straight away, these lines answer:

{crisis_lines}"""

OUT_OF_HOURS = """This is an automatic message. No moderator is on right now, and we didn't want you to wait without hearing anything.

Thank you for posting and for asking us to check in. It takes courage to say things are hard.

If you need to talk to someone now, these lines answer:

{crisis_lines}

If you are in immediate danger, please call your local emergency number.

The moderators are on {staffed_hours}. A person from the team will check in with you here when they are back, at {back_at}. Your post is at the top of their list."""

SHIPPED = [
    ("check-in", "Checking in after your post", CHECK_IN),
    ("removal-feedback", "About your hidden post", REMOVAL_FEEDBACK),
    ("welcome", "Hello from the moderator team", WELCOME),
    ("out-of-hours", "While the moderators are away (automatic)", OUT_OF_HOURS),
]


def ship(apps, schema_editor):
    SavedReply = apps.get_model("conversations", "SavedReply")
    for situation, title, body in SHIPPED:
        if not SavedReply.objects.filter(situation=situation).exists():
            SavedReply.objects.create(situation=situation, title=title, body=body)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_team_conversations_and_saved_replies")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
