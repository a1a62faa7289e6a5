"""One search document per post: the stored, GIN-indexed tsvector of each post now holds its plain
text and, on an opening post, its thread's title (weighted higher), so a search is one `@@` on one
index instead of an OR across the thread join that no index can answer. The title is copied onto
the opening post (Post.search_title) by the services that write titles; the column is generated
from it and body_text by PostgreSQL. SQLite has no tsvector: there search matches words
(forums/selectors/search.py) and only the copied titles are filled in."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(search_title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(body_text, '')), 'B')"
)
FORWARD = [
    "DROP INDEX IF EXISTS forums_post_search_vector",
    "ALTER TABLE forums_post DROP COLUMN IF EXISTS search_vector",
    f"ALTER TABLE forums_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    # Without GIN's pending list (fastupdate): each new post updates the index as it is written (a
    # forum writes a few posts a second at most), so a search never scans megabytes of pending
    # entries and costs the same just after a busy hour as after a vacuum.
    "CREATE INDEX forums_post_search_vector ON forums_post USING GIN (search_vector) WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS forums_thread_search_vector",
    "ALTER TABLE forums_thread DROP COLUMN IF EXISTS search_vector",
]
BACKWARD = [
    "DROP INDEX IF EXISTS forums_post_search_vector",
    "ALTER TABLE forums_post DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE forums_post ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED",
    "CREATE INDEX forums_post_search_vector ON forums_post USING GIN (search_vector)",
    "ALTER TABLE forums_thread ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, ''))) STORED",
    "CREATE INDEX forums_thread_search_vector ON forums_thread USING GIN (search_vector)",
]


def copy_titles(apps, schema_editor):
    Post = apps.get_model("forums", "Post")
    Thread = apps.get_model("forums", "Thread")
    Post.objects.filter(position=1).update(
        search_title=Subquery(Thread.objects.filter(pk=OuterRef("thread_id")).values("title")[:1])
    )


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("forums", "0016_notification_messages_as_text")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_title",
            field=models.CharField(blank=True, default="", editable=False, max_length=150),
        ),
        migrations.RunPython(copy_titles, migrations.RunPython.noop),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        # Search leaves out the posts of hidden threads by id: they are few, and this index holds them.
        migrations.AddIndex(
            model_name="thread",
            index=models.Index(condition=models.Q(("is_hidden", True)), fields=["id"], name="thread_hidden"),
        ),
    ]
