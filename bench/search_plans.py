"""The search page's two queries at 100,000 posts, timed by PostgreSQL itself
(EXPLAIN ANALYZE): the count and the first page of results, for the queries of each
search row of `make bench`, beside the same search ranking every match and counting
them all (what the page did before it ranked only the most recent `MAX_RESULTS`).

The database's own time leaves out the web stack, so a busy machine blurs it less:
    DATABASE_URL=$BENCH_SEARCH_DATABASE_URL .venv/bin/python bench/search_plans.py
(after `make bench` has built the dataset there).
"""

import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings")
os.environ.setdefault("DEBUG", "1")  # settings without a production secret; nothing is served

import django  # noqa: E402

django.setup()

from django.core.exceptions import EmptyResultSet  # noqa: E402
from django.db import connection  # noqa: E402

from bench import scenarios  # noqa: E402
from bench.run import SEARCH_ROWS  # noqa: E402
from bench.words import search_vocabulary  # noqa: E402
from posts import search  # noqa: E402

QUERIES_PER_ROW = int(os.environ.get("BENCH_PLAN_QUERIES", "40"))


def milliseconds(sql, params):
    """PostgreSQL's planning and execution time of one statement."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]
    return plan["Planning Time"] + plan["Execution Time"]


def page_ms(query, capped):
    """The search page's queries: the most recent matches and their first ten ranked, or
    (before) the count of every match and the first ten of them all ranked."""
    if capped:
        recent = search.recent_matches(query, search.MAX_RESULTS + 1)
        spent = milliseconds(*recent.query.sql_with_params())
        page = search.search_posts(query, among=search.most_recent(query, search.MAX_RESULTS))
    else:
        count_sql, params = search.matching_posts(query).query.sql_with_params()
        spent = milliseconds(f"SELECT count(*) FROM ({count_sql}) s", params)
        page = search.search_posts(query)
    try:
        page = page.select_related("author", "primary_category")[:10].query.sql_with_params()
    except EmptyResultSet:  # nothing matched: Django sends no query for the page
        return spent
    return spent + milliseconds(*page)


def main():
    rng = random.Random(7)
    vocabulary = search_vocabulary()
    search.window_edges()
    print(f"{'row':<24}{'shape':<14}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, (size, first, last) in SEARCH_ROWS.items():
        queries = [
            q.replace("+", " ")
            for q in scenarios.search_queries(rng, vocabulary[first:last], QUERIES_PER_ROW, size)
        ]
        for capped, shape in ((False, "rank all"), (True, "most recent")):
            page_ms(queries[0], capped)  # warm the caches the first query would
            times = sorted(page_ms(q, capped) for q in queries)
            p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
            print(
                f"{name:<24}{shape:<14}{statistics.median(times):>9.1f}{p99:>9.1f}{times[-1]:>9.1f}"
            )


if __name__ == "__main__":
    main()
