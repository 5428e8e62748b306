"""Each mail about comments reaches each recipient once, whatever becomes of the task sending it.

A mail task may be run again after its worker died (core/tasks.py), run twice at
once, or be called for inside a transaction that rolls back. The unit tests
below stage each of those in this process; the last one kills a real worker
process twice while it sends 120 mails through a real SMTP exchange, and
counts what arrived.
"""

import email
import email.policy
import re
import signal
import socketserver
import threading
import time
from collections import Counter

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocalMemoryBackend
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, MailDelivery, Subscription
from comments.notifications import (
    announce_approved,
    notify_moderators,
    send_subscription_confirmation,
    subscribe,
)
from tests.comments.helpers import make_comment
from tests.conftest import make_post, make_user
from tests.core.test_task_worker import (
    DATABASE_TASKS,
    needs_postgresql,
    start_worker,
    stop,
    wait_until,
)

SUBSCRIBERS = ["ann@example.com", "bob@example.com", "cat@example.com"]


class WorkerDied(Exception):
    """What the mail backend raises in these tests where a real worker would have been killed."""


class SavingFailed(Exception):
    """Rolls back the transaction it is raised in."""


@pytest.fixture
def post():
    post = make_post(author=make_user("writer", email="writer@example.com"))
    for address in SUBSCRIBERS:
        Subscription.objects.create(post=post, email=address, confirmed=True)
    return post


@pytest.fixture
def approved(post):
    return make_comment(post, author_email="reader@example.com", approval_announced=True)


def recipients(outbox):
    return sorted(address for message in outbox for address in message.to)


def everyone():
    return sorted(["writer@example.com", *SUBSCRIBERS])


def dying_at(monkeypatch, call_number, *, after_sending):
    """Make the mail backend's `call_number`th sending raise WorkerDied, before or after it."""
    send_messages = LocalMemoryBackend.send_messages
    calls = Counter()

    def send_or_die(backend, messages):
        calls["sent"] += 1
        if calls["sent"] != call_number:
            return send_messages(backend, messages)
        if after_sending:
            send_messages(backend, messages)
        raise WorkerDied

    monkeypatch.setattr(LocalMemoryBackend, "send_messages", send_or_die)


# The record per recipient


@pytest.mark.django_db
def test_each_mail_is_recorded_as_sent_per_recipient_and_kind(approved, mailoutbox):
    announce_approved.call(approved.pk)

    assert sorted(
        (d.kind, d.recipient, d.sent_at is not None) for d in approved.mail_deliveries.all()
    ) == [
        (MailDelivery.Kind.POST_AUTHOR, "writer@example.com", True),
        *[(MailDelivery.Kind.SUBSCRIBER, address, True) for address in SUBSCRIBERS],
    ]


@pytest.mark.django_db
def test_announcing_a_comment_a_second_time_sends_nothing_new(approved, mailoutbox):
    first = announce_approved.call(approved.pk)

    second = announce_approved.call(approved.pk)

    assert (first, second) == (4, 0)
    assert recipients(mailoutbox) == everyone()


@pytest.mark.django_db
def test_a_run_that_died_midway_is_completed_by_the_next_without_repeats(
    approved, mailoutbox, monkeypatch
):
    dying_at(monkeypatch, 3, after_sending=False)
    with pytest.raises(WorkerDied):
        announce_approved.call(approved.pk)
    assert len(mailoutbox) == 2

    announce_approved.call(approved.pk)

    assert recipients(mailoutbox) == everyone()


@pytest.mark.django_db
def test_a_mail_taken_by_the_server_but_not_recorded_is_sent_again_under_its_message_id(
    approved, mailoutbox, monkeypatch
):
    """The one moment exactly-once cannot cover: the process dies after the server said yes."""
    dying_at(monkeypatch, 1, after_sending=True)
    with pytest.raises(WorkerDied):
        announce_approved.call(approved.pk)

    announce_approved.call(approved.pk)

    first, again = mailoutbox[0], mailoutbox[1]
    assert first.to == again.to == ["writer@example.com"]
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert recipients(mailoutbox[1:]) == everyone()


@pytest.mark.django_db
def test_moderators_are_mailed_once_each_however_often_the_task_runs(post, mailoutbox):
    make_user("boss", superuser=True, email="boss@example.com")
    make_user("mod", groups=["Moderators"], email="mod@example.com")
    held = make_comment(post, status=Comment.Status.PENDING)

    runs = [notify_moderators.call(held.pk) for _ in range(3)]

    assert runs == [2, 0, 0]
    assert recipients(mailoutbox) == ["boss@example.com", "mod@example.com"]


@pytest.mark.django_db
def test_a_confirmation_is_mailed_once_however_often_its_task_runs(post, mailoutbox):
    subscription = Subscription.objects.create(post=post, email="new@example.com")

    runs = [send_subscription_confirmation.call(subscription.pk) for _ in range(3)]

    assert runs == [1, 0, 0]
    assert recipients(mailoutbox) == ["new@example.com"]


@pytest.mark.django_db
def test_asking_again_to_subscribe_is_mailed_a_new_confirmation(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(post, "new@example.com")

    assert recipients(mailoutbox) == ["new@example.com", "new@example.com"]
    assert mailoutbox[0].extra_headers["Message-ID"] != mailoutbox[1].extra_headers["Message-ID"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks: there, two runs at once can both send (see send_once)",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_one_announcement_at_once_send_each_mail_once(
    approved, mailoutbox, monkeypatch
):
    send_messages = LocalMemoryBackend.send_messages

    def slowly(backend, messages):
        time.sleep(0.05)
        return send_messages(backend, messages)

    monkeypatch.setattr(LocalMemoryBackend, "send_messages", slowly)
    start = threading.Barrier(2)
    sent = []

    def run():
        try:
            start.wait(timeout=10)
            sent.append(announce_approved.call(approved.pk))
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=30)

    assert sum(sent) == 4
    assert recipients(mailoutbox) == everyone()


# Queued when the transaction commits


@pytest.mark.django_db
def test_an_approval_is_mailed_once_its_transaction_commits(
    post, mailoutbox, django_capture_on_commit_callbacks
):
    held = make_comment(post, status=Comment.Status.PENDING, author_email="reader@example.com")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        held.set_status(Comment.Status.APPROVED)
        assert mailoutbox == []

    assert recipients(mailoutbox) == everyone()


@pytest.mark.django_db
def test_an_approval_rolled_back_mails_no_one(post, mailoutbox, django_capture_on_commit_callbacks):
    held = make_comment(post, status=Comment.Status.PENDING, author_email="reader@example.com")

    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(SavingFailed),
        transaction.atomic(),
    ):
        held.set_status(Comment.Status.APPROVED)
        raise SavingFailed

    assert queued == []
    assert mailoutbox == []


# A real worker, killed twice while it sends


class SlowSMTPServer(socketserver.ThreadingTCPServer):
    """An SMTP server on a free local port that thinks `delay` seconds over each message.

    A message counts as delivered once its sender has read the server's yes and
    ended the session (QUIT), so a sender killed while the server was thinking
    delivered nothing. `thinking` says how many messages are being thought over.
    """

    daemon_threads = True

    def __init__(self, delay):
        super().__init__(("127.0.0.1", 0), SMTPSession)
        self.delay = delay
        self.delivered = []
        self.thinking = 0
        self.lock = threading.Lock()

    @property
    def port(self):
        return self.server_address[1]


class SMTPSession(socketserver.StreamRequestHandler):
    def handle(self):
        server, taken, envelope = self.server, [], []
        self.say("220 slow.test")
        try:
            for line in self.rfile:
                verb = line[:4].upper()
                if verb == b"RCPT":
                    envelope.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                elif verb == b"MAIL":
                    envelope = []
                if verb == b"DATA":
                    self.say("354 go on")
                    taken.append((envelope, self.message()))
                    self.think()
                elif verb == b"QUIT":
                    with server.lock:
                        server.delivered.extend(taken)
                    self.say("221 bye")
                    return
                self.say("250 yes")
        except OSError:
            return

    def message(self):
        lines = []
        for line in self.rfile:
            if line == b".\r\n":
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=email.policy.default)

    def think(self):
        with self.server.lock:
            self.server.thinking += 1
        time.sleep(self.server.delay)
        with self.server.lock:
            self.server.thinking -= 1

    def say(self, reply):
        self.wfile.write(reply.encode() + b"\r\n")


@pytest.fixture
def smtp_server():
    server = SlowSMTPServer(delay=0.1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def sending_after(server, delivered):
    """Whether `delivered` mails have arrived and the worker is in the middle of the next."""
    return lambda: len(server.delivered) >= delivered and server.thinking > 0


def arrivals(server):
    """How often each (recipient, comment marker) pair arrived."""
    arrived = Counter()
    for envelope, message in server.delivered:
        (marker,) = re.findall(r"marker-\d+", message.get_body(("plain",)).get_content())
        arrived.update((address, marker) for address in envelope)
    return arrived


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_twice_mid_send_still_mails_every_recipient_exactly_once(
    settings, tmp_path, smtp_server
):
    subscribers = [f"fan{n}@example.com" for n in range(5)]
    post = make_post(author=make_user("writer", email="writer@example.com"))
    for address in subscribers:
        Subscription.objects.create(post=post, email=address, confirmed=True)
    held = [
        make_comment(
            post,
            status=Comment.Status.PENDING,
            author_email=f"reader{n}@example.com",
            body=f"<p>marker-{n}</p>",
        )
        for n in range(20)
    ]
    settings.TASKS = DATABASE_TASKS
    for comment in held:
        comment.set_status(Comment.Status.APPROVED)
    expected = {
        (address, f"marker-{n}")
        for n in range(20)
        for address in ["writer@example.com", *subscribers]
    }
    assert DBTaskResult.objects.count() == 20 and len(expected) == 120
    log = tmp_path / "worker.log"
    run = {"running_timeout": 2, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}"}

    for delivered_before_kill in (30, 75):
        worker = start_worker(log, **run)
        wait_until(
            sending_after(smtp_server, delivered_before_kill),
            seconds=60,
            what=f"{delivered_before_kill} mails delivered and one being sent",
            log=log,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    worker = start_worker(log, **run)
    try:
        wait_until(
            lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
            seconds=90,
            what="every announcement finished",
            log=log,
        )
    finally:
        stop(worker)

    arrived = arrivals(smtp_server)
    missing = expected - set(arrived)
    unexpected = set(arrived) - expected
    twice = {pair: count for pair, count in arrived.items() if count > 1}
    assert (missing, unexpected, twice) == (set(), set(), {})
    runs = sum(len(result.worker_ids) for result in DBTaskResult.objects.all())
    assert runs == 20 + 2, "each kill interrupted one announcement, run again once"
