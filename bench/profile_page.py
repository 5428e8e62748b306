"""CPU time of one page, cache off, in this process: `python bench/profile_page.py [path]`.

The uncached path is what signed-in readers and the first reader after a change get; its
cost is CPU in Django, which wrk's req/s only shows as a total. This script serves the
page through Django's test client on `make bench`'s dataset (built if missing) with the
page cache off, and prints the CPU milliseconds per request (the median of a few rounds)
and, with `--profile`, where they go. `--signed-in` asks as a signed-in reader.
Path defaults to the post with 50 comments. A measurement, not a test: nothing asserts.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
os.environ.update(
    DJANGO_SETTINGS_MODULE="blogsite.settings",
    PAGE_CACHE_ENABLED="0",
    DEBUG="0",
    SECRET_KEY="bench-" + "k" * 60,
    ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    SECURE_SSL_REDIRECT="0",
    CACHE_DIR=str(ROOT / "bench" / "cache"),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--signed-in", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from bench.dataset import COMMENTED_SLUG, build
    from posts.models import Post

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    build()
    path = args.path or Post.objects.get(slug=COMMENTED_SLUG).get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    if args.signed_in:
        reader, _ = get_user_model().objects.get_or_create(username="bench-reader")
        client.force_login(reader)
    assert client.get(path).status_code == 200, path

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

    per_request = []
    for _ in range(args.rounds):
        started = time.process_time()
        for _ in range(args.requests):
            client.get(path)
        per_request.append((time.process_time() - started) * 1000 / args.requests)
    print(
        f"{path}: {statistics.median(per_request):.2f} ms CPU per request "
        f"(median of {args.rounds} rounds of {args.requests}; rounds: "
        f"{', '.join(f'{ms:.2f}' for ms in per_request)})"
    )


if __name__ == "__main__":
    main()
