"""The production server configuration replaces workers without dropping requests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with deploy/gunicorn.conf.py, workers recycled every few requests."""
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "REDIS_URL": "",
        "DEBUG": "1",
        "BENCH_ENDPOINTS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "--max-requests", "8",
         "--max-requests-jitter", "4", "--access-logfile", "/dev/null", "blogsite.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{url}/__bench__/bare/", timeout=5)
            break
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield url, process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)


def test_recycled_workers_finish_every_request_they_took(server):
    url, _ = server

    def fetch(n):
        with requests.Session() as session:
            return [session.get(f"{url}/__bench__/bare/", timeout=30).status_code for _ in range(5)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [status for batch in pool.map(fetch, range(16)) for status in batch]

    assert statuses == [200] * 80, "each worker was replaced several times meanwhile"


def test_a_graceful_restart_loses_no_request(server):
    url, process = server

    def fetch(n):
        return requests.get(f"{url}/__bench__/bare/", timeout=30).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        pending = [pool.submit(fetch, n) for n in range(40)]
        process.send_signal(signal.SIGHUP)  # a deploy: new workers, old ones finish first
        statuses = [future.result() for future in pending]

    assert statuses == [200] * 40
