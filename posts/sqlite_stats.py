"""SQLite plans queries by statistics that only ANALYZE gathers. Without them it read the list
pages through the neighbours' index and sorted every published post for each page of ten,
instead of reading ten posts in the list index's order; with them it picks each index for its
own query. PostgreSQL gathers its own (autovacuum), so this is SQLite's only.

On each new connection the statistics are gathered once the posts table has rows and has
none yet, sampled (`analysis_limit`) so that it stays quick on a large database.
"""

from django.db import OperationalError

SAMPLE_ROWS = 1000


def gather_if_missing(sender, connection, **kwargs):
    """`connection_created`: ANALYZE a SQLite database whose posts have no statistics."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        try:
            if not missing(cursor):
                return
            cursor.execute(f"PRAGMA analysis_limit={SAMPLE_ROWS}")
            cursor.execute("ANALYZE")
        except OperationalError:
            # Another writer holds the database (or the tables are not migrated yet):
            # the next connection tries again.
            pass


def missing(cursor):
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'posts_post'")
    if cursor.fetchone() is None:
        return False
    cursor.execute("SELECT 1 FROM posts_post LIMIT 1")
    if cursor.fetchone() is None:
        return False
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return True
    cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'posts_post' LIMIT 1")
    return cursor.fetchone() is None
