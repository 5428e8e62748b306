"""deploy/varnish/blogsite.vcl in a real varnishd, in front of two real app servers.

The two gunicorn processes share one database (PostgreSQL when the tests run on it,
else one SQLite file) and one cache (Redis when the tests run with it, else one
cache directory); the app purges Varnish by key after each commit
(FRONTEND_CACHE_URLS).
"""

import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VARNISHADM = shutil.which("varnishadm") or "/usr/bin/varnishadm"

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(VARNISHD), reason="varnishd is not installed (apt-get install varnish)"
    ),
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed"),
]

SEED = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from posts.models import Post
from django.utils import timezone
User = get_user_model()
writer = User.objects.create_user("writer", "writer@example.com", "pw-for-tests-123")
reader = User.objects.create_user("reader", "reader@example.com", "pw-for-tests-123")
EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
for n, title in enumerate(["Post A", "Post B", "Locked post"]):
    Post.objects.create(
        title=title, author=writer, status="published", body="<p>Body</p>",
        published_at=timezone.now() - timezone.timedelta(days=n + 1),
        password="sesame" if title == "Locked post" else "",
    )
for post in Post.objects.all():
    print(post.title, post.pk, post.get_absolute_url())
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, what):
    deadline = time.monotonic() + 40
    while True:
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                output = process.stderr.read().decode()[-3000:] if process.stderr else ""
                pytest.fail(f"{what} did not start: {output}")
            time.sleep(0.2)


def stop(process, how=signal.SIGTERM):
    process.send_signal(how)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def shared_stores(tmp_path_factory):
    """The database and cache both app servers use: created here, removed after."""
    tmp = tmp_path_factory.mktemp("varnish-site")
    env = {"DEBUG": "1", "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    database = None
    if connection.vendor == "postgresql":
        import psycopg

        params = settings.DATABASES["default"]
        database = f"{params['NAME']}_varnish"
        dsn = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"postgres://{dsn['user']}@{dsn['host']}:{dsn['port']}/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'db.sqlite3'}"
    prefix = f"blogsite-varnish-{os.getpid()}"
    if settings.REDIS_URL:
        env.update(REDIS_URL=settings.REDIS_URL, CACHE_KEY_PREFIX=prefix)
    else:
        env.update(REDIS_URL="", CACHE_DIR=str(tmp / "cache"))
    yield tmp, {**os.environ, **env}
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    if database:
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def site(shared_stores):
    """Varnish on a free loopback port in front of app servers A and B."""
    tmp, env = shared_stores
    varnish_port, ports = free_port(), [free_port(), free_port()]
    env["FRONTEND_CACHE_URLS"] = f"http://127.0.0.1:{varnish_port}/"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    seeded = subprocess.run([*manage, "shell", "-c", SEED], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)  # fmt: skip
    posts = {}
    for line in seeded.stdout.splitlines():
        if match := re.fullmatch(r"(.+) (\d+) (/\S+)", line.strip()):
            posts[match[1]] = {"pk": int(match[2]), "url": match[3]}

    apps = []
    for port in ports:
        app = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "--workers", "2",
             "--access-logfile", "/dev/null", "blogsite.wsgi"],
            cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        apps.append(app)
        wait_for(f"http://127.0.0.1:{port}/robots.txt", app, "gunicorn")

    varnish = start_varnish(tmp, varnish_port, ports)
    yield {
        "varnish": f"http://127.0.0.1:{varnish_port}",
        "a": f"http://127.0.0.1:{ports[0]}",
        "b": f"http://127.0.0.1:{ports[1]}",
        "posts": posts,
    }
    stop(varnish)
    for app in apps:
        stop(app, signal.SIGINT)  # gunicorn's quick shutdown


def start_varnish(tmp, port, backend_ports):
    """varnishd with deploy/varnish/blogsite.vcl on `port`, once its backends are healthy."""
    vcl_dir = tmp / "vcl"
    vcl_dir.mkdir()
    shutil.copy(ROOT / "deploy" / "varnish" / "blogsite.vcl", vcl_dir / "blogsite.vcl")
    backends = "".join(
        f'backend app{n} {{ .host = "127.0.0.1"; .port = "{backend}"; .probe = app_alive; }}\n'
        for n, backend in enumerate(backend_ports)
    )
    adds = "".join(f"    app.add_backend(app{n});\n" for n in range(len(backend_ports)))
    (vcl_dir / "backends.vcl").write_text(f"{backends}sub vcl_init {{\n{adds}}}\n")
    varnish = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp / "varnish-work"),
         "-a", f"127.0.0.1:{port}", "-f", str(vcl_dir / "blogsite.vcl"),
         "-s", "malloc,64m", "-T", f"127.0.0.1:{free_port()}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/robots.txt", varnish, "varnishd")
    # The probes mark the backends healthy after a couple of rounds.
    time.sleep(4)
    return varnish


def from_varnish_cache(response):
    """Varnish's answer from its cache names two transactions in X-Varnish (this and the fetch)."""
    return len(response.headers["X-Varnish"].split()) == 2


def signed_in(base):
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"login": "reader", "password": "pw-for-tests-123",
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 302, answer.text[:500]
    return session


def test_an_anonymous_page_is_served_by_varnish(site):
    url = site["varnish"] + site["posts"]["Post B"]["url"]
    first = requests.get(url, timeout=30)
    second = requests.get(url, timeout=30)
    assert first.status_code == second.status_code == 200
    assert from_varnish_cache(second) and "Age" in second.headers
    assert second.text == first.text
    assert "xkey" not in second.headers  # for Varnish only


def test_varnish_answers_a_conditional_get_with_304(site):
    url = site["varnish"] + site["posts"]["Post B"]["url"]
    etag = requests.get(url, timeout=30).headers["ETag"]
    again = requests.get(url, headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304


def test_a_change_through_one_app_server_is_seen_at_once_through_varnish_and_the_other(site):
    post = site["posts"]["Post A"]
    other = site["varnish"] + site["posts"]["Post B"]["url"]
    through_varnish, through_b = site["varnish"] + post["url"], site["b"] + post["url"]
    for url in (through_varnish, through_varnish, other, other, through_b, through_b):
        requests.get(url, timeout=30)
    before = requests.get(through_varnish, timeout=30)
    assert from_varnish_cache(before) and "1 blogger likes this" not in before.text
    assert requests.get(through_b, timeout=30).headers["X-Page-Cache"] == "hit"

    reader = signed_in(site["a"])
    liked = reader.post(
        f"{site['a']}/likes/{post['pk']}/",
        data={"action": "like", "csrfmiddlewaretoken": reader.cookies["csrftoken"]},
        headers={"Referer": site["a"] + post["url"]},
        timeout=30,
    )
    assert liked.status_code in (200, 302), liked.text[:500]

    fresh = requests.get(through_varnish, timeout=30)
    assert not from_varnish_cache(fresh)
    assert "1 blogger likes this" in fresh.text
    assert "1 blogger likes this" in requests.get(through_b, timeout=30).text
    # The purge named Post A's keys only: Post B's page is still Varnish's copy.
    assert from_varnish_cache(requests.get(other, timeout=30))


def test_signed_in_readers_pass_through_varnish(site):
    url = site["varnish"] + site["posts"]["Post B"]["url"]
    requests.get(url, timeout=30)
    reader = signed_in(site["varnish"])
    pages = [reader.get(url, timeout=30) for _ in range(2)]
    assert not any(from_varnish_cache(page) for page in pages)
    assert all("Logged in as" in page.text for page in pages)


def test_a_page_that_sets_a_cookie_is_never_stored(site):
    url = site["varnish"] + site["posts"]["Locked post"]["url"]
    pages = [requests.get(url, timeout=30) for _ in range(3)]
    assert all("Set-Cookie" in page.headers for page in pages)
    assert not any(from_varnish_cache(page) for page in pages)


def test_only_the_app_servers_may_purge(site):
    answer = requests.request(
        "PURGE", site["varnish"] + "/", headers={"xkey-purge": "all"}, timeout=30
    )
    assert answer.status_code == 200  # from loopback, as the app servers here
    nameless = requests.request("PURGE", site["varnish"] + "/", timeout=30)
    assert nameless.status_code == 400


class StubAppServer(http.server.BaseHTTPRequestHandler):
    """A backend answering every page as the app would, with the Surrogate-Control
    asked for in the path: /<header value> (robots.txt, the probe, answers 200)."""

    def do_GET(self):
        body = f"rendered {time.monotonic_ns()}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("xkey", "post:1 any all")
        control = urllib.parse.unquote(self.path.strip("/"))
        if control != "robots.txt":
            self.send_header("Surrogate-Control", control)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def backend_list(work_dir):
    answer = subprocess.run(
        [VARNISHADM, "-n", str(work_dir), "backend.list"], capture_output=True, text=True
    )
    return answer.stdout


@pytest.fixture
def varnish_before_a_stub(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StubAppServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    varnish = start_varnish(tmp_path, port, [server.server_port])
    yield f"http://127.0.0.1:{port}", server, tmp_path / "varnish-work"
    stop(varnish)
    server.shutdown()
    server.server_close()


def test_varnish_keeps_no_page_whose_keys_moved_while_it_was_rendered(varnish_before_a_stub):
    front, server, work_dir = varnish_before_a_stub
    kept, moved = f"{front}/max-age=600", f"{front}/no-store"
    assert from_varnish_cache([requests.get(kept, timeout=30) for _ in range(2)][1])
    answers = [requests.get(moved, timeout=30) for _ in range(2)]
    assert answers[0].text != answers[1].text
    assert not any(from_varnish_cache(answer) for answer in answers)
    short = f"{front}/max-age=1"
    expired = requests.get(short, timeout=30)
    time.sleep(1.5)

    # Not even as a stale copy while the app is down (grace).
    server.shutdown()
    server.server_close()
    deadline = time.monotonic() + 30
    while "sick" not in backend_list(work_dir):
        assert time.monotonic() < deadline, "the stopped backend never turned sick"
        time.sleep(0.5)
    # A page past its time is served stale while the app is down; that one never.
    assert requests.get(short, timeout=30).text == expired.text
    assert requests.get(moved, timeout=30).status_code == 503
