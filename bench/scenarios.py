"""The rows of `make bench` beyond the app alone: through Varnish, nginx serving one static
file (the machine's ceiling), readers during writes, and search at 100,000 posts.

Each piece starts what it measures on a free loopback port and stops it after; a piece
whose program is missing (varnishd, nginx) or whose database is not configured
(BENCH_SEARCH_DATABASE_URL, PostgreSQL) is left out with a note.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise SystemExit(f"{what} did not start") from None
            time.sleep(0.2)


def stop(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def varnish(backend_port, port):
    """deploy/varnish/blogsite.vcl in front of the app server on `backend_port`."""
    with tempfile.TemporaryDirectory(prefix="bench-varnish-") as tmp:
        tmp = Path(tmp)
        shutil.copy(ROOT / "deploy" / "varnish" / "blogsite.vcl", tmp / "blogsite.vcl")
        (tmp / "backends.vcl").write_text(
            f'backend app0 {{ .host = "127.0.0.1"; .port = "{backend_port}"; '
            ".probe = app_alive; }\nsub vcl_init {\n    app.add_backend(app0);\n}\n"
        )
        process = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-n", str(tmp / "work"), "-a", f"127.0.0.1:{port}",
             "-f", str(tmp / "blogsite.vcl"), "-s", "malloc,256m",
             "-T", f"127.0.0.1:{free_port()}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{port}/robots.txt", process, "varnishd")
            time.sleep(4)  # the health probe's first rounds
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


@contextlib.contextmanager
def nginx_static(content):
    """nginx serving `content` as one static file: the most a request can cost less."""
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        tmp, port = Path(tmp), free_port()
        (tmp / "index.html").write_bytes(content)
        (tmp / "nginx.conf").write_text(
            f"worker_processes auto;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{ access_log off; client_body_temp_path {tmp}; proxy_temp_path {tmp};\n"
            f"  fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n"
            f"  server {{ listen 127.0.0.1:{port}; root {tmp};\n"
            "    location / { default_type text/html; } } }\n"
        )
        process = subprocess.Popen(
            [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{port}/index.html", process, "nginx")
            yield f"http://127.0.0.1:{port}/index.html"
        finally:
            stop(process)


def lua_script(body):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, prefix="bench-") as f:
        f.write(body)
    return f.name


def wrk_script(url, script, seconds, connections):
    """wrk with a Lua script; returns its text output (the script prints a JSON line)."""
    return subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


WRITE_LOAD_LUA = """
local paths = {PATHS}
local touched = " likes:{TOUCHED} "
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  n = 0; hits = 0; total = 0; touched_hits = 0; touched_total = 0
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
function response(status, headers, body)
  local keys = " " .. (headers["xkey"] or "") .. " "
  local hit = headers["X-Page-Cache"] == "hit" and 1 or 0
  if string.find(keys, touched, 1, true) then
    touched_total = touched_total + 1; touched_hits = touched_hits + hit
  else
    total = total + 1; hits = hits + hit
  end
end
function done(summary, latency, requests)
  local sums = {0, 0, 0, 0}
  for _, t in ipairs(threads) do
    sums[1] = sums[1] + t:get("hits"); sums[2] = sums[2] + t:get("total")
    sums[3] = sums[3] + t:get("touched_hits"); sums[4] = sums[4] + t:get("touched_total")
  end
  io.write(string.format('WRITELOAD {"hits": %d, "total": %d, "touched_hits": %d, '
    .. '"touched_total": %d, "requests": %d, "seconds": %f}\\n',
    sums[1], sums[2], sums[3], sums[4], summary.requests, summary.duration / 1e6))
end
"""

APPROVER = """
import sys, time
from django.utils import timezone
from comments.models import Comment
from posts.models import Post
post = Post.objects.get(pk=int(sys.argv[1]))
deadline = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < deadline:
    n += 1
    comment = Comment.objects.create(
        post=post, author_name=f"Writer {n}", author_email="load@example.com",
        body=f"<p>Comment {n} under load.</p>", status=Comment.Status.PENDING,
        created=timezone.now() - timezone.timedelta(minutes=1),
    )
    comment.set_status(Comment.Status.APPROVED)
    time.sleep(1)
print(n)
"""


def write_load(base, env, seconds, connections):
    """Readers on 20 post pages while a comment on one of them is approved every second."""
    python = [sys.executable]
    listing = subprocess.run(
        [*python, "-c", "import django; django.setup();"
         "from posts.models import Post;"
         "[print(p.pk, p.get_absolute_url()) for p in Post.objects.published()"
         ".order_by('-published_at')[5:25]]"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    pks, paths = listing[0::2], listing[1::2]
    for _ in range(3):  # every page cached before the clock starts
        for path in paths:
            urllib.request.urlopen(base + path, timeout=30).read()
    touched = pks[0]
    script = lua_script(
        WRITE_LOAD_LUA.replace("{PATHS}", "{" + ", ".join(f'"{p}"' for p in paths) + "}").replace(
            "{TOUCHED}", touched
        )
    )
    approver = subprocess.Popen(
        [*python, "-c", "import django; django.setup();" + APPROVER, touched, str(seconds)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out = wrk_script(base + paths[0], script, seconds, connections)
    finally:
        approvals = approver.communicate(timeout=seconds + 30)[0].strip()
        os.unlink(script)
    line = next(line for line in out.splitlines() if line.startswith("WRITELOAD "))
    counts = json.loads(line.removeprefix("WRITELOAD "))
    return {
        "requests_per_second": round(counts["requests"] / counts["seconds"]),
        "hit_rate_untouched": round(100 * counts["hits"] / max(counts["total"], 1), 1),
        "hit_rate_touched": round(
            100 * counts["touched_hits"] / max(counts["touched_total"], 1), 1
        ),
        "approvals": int(approvals or 0),
    }


FRESHNESS_PROBE = """
import sys, urllib.request
from posts.models import Post
base, changes = sys.argv[1], int(sys.argv[2])
post = Post.objects.published().order_by('-published_at')[3]
stale = 0
for n in range(changes):
    urllib.request.urlopen(base + post.get_absolute_url(), timeout=30).read()
    post.title = f"Freshness probe {n}"
    post.save()  # committed (autocommit): the purge has been sent
    page = urllib.request.urlopen(base + post.get_absolute_url(), timeout=30).read().decode()
    stale += f"Freshness probe {n}<" not in page
print(stale)
"""


def freshness_probe(base, env, changes=20):
    """Edits a post and reads it through Varnish right after each commit: stale reads."""
    python = [sys.executable]
    out = subprocess.run(
        [*python, "-c", "import django; django.setup();" + FRESHNESS_PROBE, base, str(changes)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return {"changes": changes, "stale_reads": int(out.split()[-1])}


SEARCH_LUA = """
local queries = {QUERIES}
function init(args) n = 0; base = math.random(1, 200) end
function request()
  n = n + 1
  local address = string.format("10.%d.%d.%d", base, math.floor(n / 250) % 250, n % 250)
  local query = queries[(n % #queries) + 1]
  return wrk.format("GET", "/search/?q=" .. query, {["X-Forwarded-For"] = address})
end
"""


def search_queries(rng, words, count, size):
    return ["+".join(rng.sample(words, size)) for _ in range(count)]


def search_script(queries):
    return lua_script(
        SEARCH_LUA.replace("{QUERIES}", "{" + ", ".join(f'"{q}"' for q in queries) + "}")
    )
