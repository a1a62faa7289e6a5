"""Full-text search on PostgreSQL: stored tsvector columns, kept current by the database itself
(generated columns), with GIN indexes. SQLite has no equivalent; search falls back to matching
words there (forums/selectors/search.py), so this migration does nothing on SQLite."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE forums_post ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED",
    "CREATE INDEX forums_post_search_vector ON forums_post USING GIN (search_vector)",
    "ALTER TABLE forums_thread ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, ''))) STORED",
    "CREATE INDEX forums_thread_search_vector ON forums_thread USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS forums_post_search_vector",
    "ALTER TABLE forums_post DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS forums_thread_search_vector",
    "ALTER TABLE forums_thread DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("forums", "0002_anonymous_threads_and_submission_tokens")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
