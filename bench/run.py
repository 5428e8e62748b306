"""`make bench`: serve the fixed dataset with gunicorn and drive it with wrk.

Each page is measured with the page cache off, then on, beside a bare Django
view through the same stack (the ceiling); then through Varnish, beside nginx
serving one static file of the home page's size (the machine's ceiling), with a
freshness probe; readers on 20 post pages while a comment on one is approved
every second; and search on 100,000 posts (PostgreSQL, BENCH_SEARCH_DATABASE_URL,
built once and kept there). BENCH_PARTS picks some of app,varnish,nginx,writes,search.
Prints one table and writes bench/results/latest.json. A benchmark, not a test:
nothing here asserts.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import scenarios  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP_SECONDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
CORES = os.cpu_count() or 1
WORKERS = int(os.environ.get("BENCH_WORKERS", str(CORES)))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
PARTS = set(os.environ.get("BENCH_PARTS", "app,varnish,nginx,writes,search").split(","))
IMMEDIATE_TASKS = "django.tasks.backends.immediate.ImmediateBackend"
PAGES = {
    "home": "/",
    "post with 50 comments": None,  # filled from the dataset
    "category": "/category/topic-0/",
    "home page 50": "/page/50/",
    "site feed": "/feed/",
    "bare view (ceiling)": "/__bench__/bare/",
}


def bench_env(cache_on):
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"
        ),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BENCH_ENDPOINTS": "1",
        "PAGE_CACHE_ENABLED": "1" if cache_on else "0",
        "CACHE_DIR": str(ROOT / "bench" / "cache"),
        "DJANGO_SETTINGS_MODULE": "blogsite.settings",
        "PYTHONPATH": str(ROOT),
    }
    if "BENCH_REDIS_URL" in os.environ:
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare():
    env = bench_env(cache_on=False)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    code = (
        "from bench.dataset import build, COMMENTED_SLUG;"
        "from posts.models import Post;"
        "built = build();"
        "print(('built' if built else 'kept'), Post.objects.get(slug=COMMENTED_SLUG)"
        ".get_absolute_url(), Post.objects.published().count())"
    )
    out = subprocess.run(
        [PYTHON, "-c", "import django; django.setup();" + code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    print(f"Dataset {out[0]}: {out[2]} published posts.")
    return out[1]


def count_queries(pages):
    """SQL queries per request for each page, cache off, through Django's test client."""
    code = """
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, url in json.loads(sys.argv[1]).items():
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[name] = len(queries) if status == 200 else None
print(json.dumps(counts))
"""
    env = bench_env(cache_on=False)
    out = subprocess.run(
        [PYTHON, "-c", "import django; django.setup();" + code, json.dumps(pages)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def start_server(cache_on, **extra_env):
    shutil.rmtree(ROOT / "bench" / "cache", ignore_errors=True)
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "blogsite.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**bench_env(cache_on), **extra_env},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/__bench__/bare/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_rss_mb(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    pids = children.read_text().split() if children.exists() else []
    sizes = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            if match:
                sizes.append(int(match.group(1)) / 1024)
    return max(sizes) if sizes else None


UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)$", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, seconds, script=None, connections=CONNECTIONS):
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ]
        + (["-s", script] if script else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    requests, size, unit = re.search(
        r"(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read", out
    ).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99_ms": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "bytes_per_response": round(float(size) * UNITS[unit] / max(int(requests), 1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(pages, cache_on):
    server = start_server(cache_on)
    try:
        return measure_pages(f"http://127.0.0.1:{PORT}", pages), worker_rss_mb(server)
    finally:
        stop_server(server)


def measure_pages(base, pages):
    results = {}
    for name, path in pages.items():
        url = f"{base}{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            if response.status != 200:
                continue
        wrk(url, WARMUP)
        results[name] = wrk(url, DURATION)
    return results


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def through_varnish(pages):
    """Cache on behind Varnish, purged by key: each page, and a freshness probe."""
    port = scenarios.free_port()
    extra = {"FRONTEND_CACHE_URLS": f"http://127.0.0.1:{port}/", "TASKS_BACKEND": IMMEDIATE_TASKS}
    server = start_server(True, **extra)
    try:
        with scenarios.varnish(PORT, port) as front:
            pages = {n: p for n, p in pages.items() if not n.startswith("bare")}
            results = measure_pages(front, pages)
            probe = scenarios.freshness_probe(front, {**bench_env(True), **extra})
        return results, probe
    finally:
        stop_server(server)


def static_ceiling():
    """nginx serving one file the size of the home page."""
    server = start_server(True)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=10) as response:
            content = response.read()
    finally:
        stop_server(server)
    with scenarios.nginx_static(content) as url:
        wrk(url, WARMUP)
        return wrk(url, DURATION)


def under_writes():
    server = start_server(True)
    try:
        base = f"http://127.0.0.1:{PORT}"
        return scenarios.write_load(base, bench_env(True), DURATION, CONNECTIONS)
    finally:
        stop_server(server)


# Search rows: words per query, drawn from these ranks of the vocabulary (most common
# first). A word of rank 50 is in a fifth of the posts, of rank 300 in one of thirty, of
# rank 1,000 in one of a hundred, of rank 5,000 in one of 400.
SEARCH_ROWS = {
    "search, one word": (1, 50, 5000),
    "search, 1 common word": (1, 50, 300),
    "search, 1 rare word": (1, 1000, 5000),
    "search, three words": (3, 50, 5000),
    "search, 3 common words": (3, 50, 300),
}


def search_at_scale():
    """Search on the 100,000-post dataset, one- and three-word queries, cache off."""
    url = os.environ.get("BENCH_SEARCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Search at 100,000 posts left out: set BENCH_SEARCH_DATABASE_URL (PostgreSQL).")
        return {}
    env = {"DATABASE_URL": url, "TRUSTED_PROXY_COUNT": "1"}
    full = {**bench_env(False), **env}
    manage("migrate", "--noinput", "-v0", env=full)
    started = time.monotonic()
    built = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from bench.dataset import build_search;"
         "print('built' if build_search() else 'kept')"],
        cwd=ROOT, env=full, check=True, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    print(f"Search dataset {built} in {time.monotonic() - started:.0f}s.")
    import random

    from bench.words import search_vocabulary

    rng = random.Random(7)
    server = start_server(False, **env)
    try:
        rows = {}
        for name, (size, first, last) in SEARCH_ROWS.items():
            queries = scenarios.search_queries(rng, search_vocabulary()[first:last], 50, size)
            script = scenarios.search_script(queries)
            try:
                wrk(f"http://127.0.0.1:{PORT}/", WARMUP, script)
                rows[name, "off"] = wrk(f"http://127.0.0.1:{PORT}/", DURATION, script)
                # One reader at a time: a search's own time, without queueing behind others.
                rows[name, "alone"] = wrk(
                    f"http://127.0.0.1:{PORT}/", DURATION, script, connections=1
                )
            finally:
                os.unlink(script)
        return rows
    finally:
        stop_server(server)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: install it with `apt-get install -y wrk`.")
    pages = dict(PAGES, **{"post with 50 comments": prepare()})
    pages = {name: path for name, path in pages.items() if reachable_in_urls(path)}
    queries = count_queries(pages)
    print(
        f"gunicorn: {WORKERS} sync workers × {THREADS} thread(s) on {CORES} cores; "
        f"wrk: 2 threads, {CONNECTIONS} connections, {WARMUP}s warm-up + {DURATION}s per page"
    )
    off, rss_off = measure(pages, cache_on=False) if "app" in PARTS else ({}, 0)
    on, rss_on = measure(pages, cache_on=True) if "app" in PARTS else ({}, 0)
    varnish, probe = through_varnish(pages) if "varnish" in PARTS else ({}, None)
    static = static_ceiling() if "nginx" in PARTS else None
    writes = under_writes() if "writes" in PARTS else None
    searches = search_at_scale() if "search" in PARTS else {}
    ceiling = on.get("bare view (ceiling)", {}).get("requests_per_second")
    static_rps = static["requests_per_second"] if static else None
    rows = []
    for name in pages:
        for mode, results in (("off", off), ("on", on), ("varnish", varnish)):
            if name not in results:
                continue
            row = {"page": name, "cache": mode, **results[name], "queries": queries.get(name)}
            top = static_rps if mode == "varnish" else ceiling
            if top and mode != "off":
                row["percent_of_ceiling"] = round(100 * row["requests_per_second"] / top)
            rows.append(row)
    if static:
        rows.append({"page": "nginx, one static file", "cache": "-", **static, "queries": 0})
    for (name, mode), result in searches.items():
        rows.append({"page": name, "cache": mode, **result, "queries": None})
    print_table(rows)
    print("% ceil: cache on against the bare view; through Varnish against nginx's static file.")
    if searches:
        print("Search rows: 'off' with every connection at once, 'alone' with one reader.")
    if probe:
        print(f"Freshness through Varnish: {probe['stale_reads']} stale reads in "
              f"{probe['changes']} changes read right after their commit.")  # fmt: skip
    if writes:
        print(
            f"Under writes ({writes['approvals']} comments approved, one a second): "
            f"{writes['requests_per_second']} req/s, hit rate {writes['hit_rate_untouched']} % "
            f"on the 19 untouched posts, {writes['hit_rate_touched']} % on the touched one."
        )
    if rss_off:
        print(f"Largest worker RSS: cache off {rss_off:.0f} MB, cache on {rss_on:.0f} MB")
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "workers": WORKERS,
        "threads": THREADS,
        "cores": CORES,
        "connections": CONNECTIONS,
        "seconds_per_page": DURATION,
        "database": bench_env(False)["DATABASE_URL"].split(":")[0],
        "cache_backend": "redis" if "BENCH_REDIS_URL" in os.environ else "files",
        "worker_rss_mb": {"cache_off": rss_off, "cache_on": rss_on},
        "rows": rows,
        "freshness_through_varnish": probe,
        "under_writes": writes,
    }
    out = ROOT / "bench" / "results" / "latest.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {out.relative_to(ROOT)}")


def reachable_in_urls(path):
    """Pages the project does not serve yet (a feed before feeds exist) are left out."""
    code = f"from django.urls import resolve; resolve({path!r})"
    result = subprocess.run(
        [PYTHON, "-c", "import django; django.setup();" + code],
        cwd=ROOT,
        env=bench_env(False),
        capture_output=True,
    )
    return result.returncode == 0


def print_table(rows):
    header = (
        f"{'page':<24}{'cache':<7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'bytes':>9}{'queries':>9}{'% ceil':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['page']:<24}{r['cache']:<7}{r['requests_per_second']:>9.0f}{r['p50_ms']:>9.2f}"
            f"{r['p99_ms']:>9.2f}{r['bytes_per_response']:>9}{str(r['queries']):>9}"
            f"{str(r.get('percent_of_ceiling', '')):>8}"
        )


if __name__ == "__main__":
    main()
