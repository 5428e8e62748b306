"""A real task worker, killed while it mails a new post to 200 followers, still mails each once.

The worker runs in a process of its own on the test database (PostgreSQL: SQLite
tests run in memory, where no other process can see them) and sends through a real
SMTP exchange to a server in this process, which counts what arrived.
"""

import signal
import threading
from collections import Counter

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments.follow_models import FollowDelivery, Follower
from tests.comments.test_mail_delivery import SlowSMTPServer, sending_after
from tests.conftest import make_post, make_user
from tests.core.test_task_worker import (
    DATABASE_TASKS,
    needs_postgresql,
    start_worker,
    stop,
    wait_until,
)

FOLLOWERS = 200
BATCH = 20


@pytest.fixture
def smtp_server():
    server = SlowSMTPServer(delay=0.02)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def arrivals(server):
    return Counter(address for envelope, _ in server.delivered for address in envelope)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_and_restarted_mails_each_follower_exactly_once(
    settings, tmp_path, smtp_server
):
    addresses = {f"follower{n}@example.com" for n in range(FOLLOWERS)}
    Follower.objects.bulk_create(
        Follower(email=email, status=Follower.Status.CONFIRMED) for email in addresses
    )
    settings.TASKS = DATABASE_TASKS
    post = make_post("Out now", author=make_user("writer", email="writer@example.com"))
    assert DBTaskResult.objects.count() == 1, "publishing queued the announcement"
    log = tmp_path / "worker.log"
    run = {
        "running_timeout": 2,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "FOLLOW_MAIL_BATCH_SIZE": str(BATCH),
    }

    worker = start_worker(log, **run)
    wait_until(
        sending_after(smtp_server, 70),
        seconds=60,
        what="70 mails delivered and one being sent",
        log=log,
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    delivered_before_restart = len(smtp_server.delivered)
    worker = start_worker(log, **run)
    try:
        wait_until(
            lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
            seconds=120,
            what="every batch sent",
            log=log,
        )
    finally:
        stop(worker)

    arrived = arrivals(smtp_server)
    assert 70 <= delivered_before_restart < FOLLOWERS
    assert set(arrived) == addresses
    assert {address: n for address, n in arrived.items() if n > 1} == {}
    assert sum(arrived.values()) == FOLLOWERS
    assert FollowDelivery.objects.filter(post=post, sent_at__isnull=False).count() == FOLLOWERS
    batches = DBTaskResult.objects.filter(task_path="comments.follows.mail_post_batch")
    assert batches.count() == FOLLOWERS // BATCH
    assert sum(len(b.worker_ids) for b in batches) == FOLLOWERS // BATCH + 1, (
        "the kill interrupted one batch, which ran again once"
    )
