"""A task whose worker died is run again: reclaimed after TASKS_RUNNING_TIMEOUT, never before.

django-tasks-db leaves a task RUNNING when its worker is killed mid-run; these
tests leave tasks in that state as a dead worker would and check what
`reclaim_abandoned_tasks()` and `manage.py task_worker` make of them, in this
process and, on PostgreSQL, in a real worker process beside the tests.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.tasks import reclaim_abandoned_tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker process must share the test database: PostgreSQL (SQLite tests run in memory)",
)


@task
def report_run(label):
    return label


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def left_running(task_to_run, *args, started_ago=timedelta(0)):
    """A task claimed `started_ago` by a worker that was then killed while running it."""
    with transaction.atomic():  # no live worker sees it queued first
        result = task_to_run.enqueue(*args)
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.RUNNING,
            started_at=timezone.now() - started_ago,
            worker_ids=["a-dead-worker"],
        )
    return DBTaskResult.objects.get(pk=result.id)


def status_of(db_result):
    db_result.refresh_from_db()
    return db_result.status


def wait_until(condition, *, seconds, what, log=None):
    """Poll `condition` until it holds; fail after `seconds`, with the worker's log if given."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            output = log.read_text()[-3000:] if log is not None and log.exists() else ""
            pytest.fail(f"not within {seconds} s: {what}\n{output}")
        time.sleep(0.01)


def start_worker(log, *, running_timeout, **environment):
    """`manage.py task_worker` in a process of its own, on the test database, logging to `log`."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'])}",
        # Its own cache: nothing cached by another process can change what it does.
        "REDIS_URL": "",
        "CACHE_DIR": str(log.parent / "worker-cache"),
        **environment,
    }
    env.pop("DEBUG", None)
    command = [
        sys.executable,
        "manage.py",
        "task_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval=0.05",
        f"--running-timeout={running_timeout}",
        "--reclaim-interval=0.1",
    ]
    with log.open("a") as output:
        return subprocess.Popen(
            command, cwd=django_settings.BASE_DIR, env=env, stdout=output, stderr=output
        )


def stop(worker):
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


# Reclaiming, one pass


@pytest.mark.django_db
def test_a_task_left_running_past_the_timeout_is_queued_again(database_tasks):
    abandoned = left_running(report_run, "again", started_ago=timedelta(minutes=11))

    reclaimed = reclaim_abandoned_tasks(timeout=timedelta(minutes=10))

    assert reclaimed == 1
    assert status_of(abandoned) == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_running_within_the_timeout_is_left_alone(database_tasks):
    running = left_running(report_run, "still going", started_ago=timedelta(minutes=9))

    reclaimed = reclaim_abandoned_tasks(timeout=timedelta(minutes=10))

    assert reclaimed == 0
    assert status_of(running) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_the_timeout_is_the_tasks_running_timeout_setting(database_tasks, settings):
    settings.TASKS_RUNNING_TIMEOUT = 60
    abandoned = left_running(report_run, "old", started_ago=timedelta(seconds=61))
    running = left_running(report_run, "recent", started_ago=timedelta(seconds=59))

    reclaim_abandoned_tasks()

    assert status_of(abandoned) == TaskResultStatus.READY
    assert status_of(running) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_the_timeout_defaults_to_half_an_hour(database_tasks):
    abandoned = left_running(report_run, "old", started_ago=timedelta(minutes=31))
    running = left_running(report_run, "long", started_ago=timedelta(minutes=29))

    reclaim_abandoned_tasks()

    assert status_of(abandoned) == TaskResultStatus.READY
    assert status_of(running) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_finished_and_queued_tasks_are_left_as_they_are(database_tasks):
    queued = DBTaskResult.objects.get(pk=report_run.enqueue("queued").id)
    finished = left_running(report_run, "done", started_ago=timedelta(hours=1))
    DBTaskResult.objects.filter(pk=finished.pk).update(status=TaskResultStatus.SUCCESSFUL)

    reclaimed = reclaim_abandoned_tasks(timeout=timedelta(minutes=10))

    assert reclaimed == 0
    assert status_of(queued) == TaskResultStatus.READY
    assert status_of(finished) == TaskResultStatus.SUCCESSFUL


# The worker command, in this process


def run_worker_once(**options):
    call_command(
        "task_worker", batch=True, reload=False, startup_delay=False, verbosity=0, **options
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_dead_workers_task_again_when_it_starts(database_tasks):
    abandoned = left_running(report_run, "again", started_ago=timedelta(minutes=5))

    run_worker_once(running_timeout=60)

    abandoned.refresh_from_db()
    assert abandoned.status == TaskResultStatus.SUCCESSFUL
    assert abandoned.return_value == "again"
    assert len(abandoned.worker_ids) == 2 and abandoned.worker_ids[0] == "a-dead-worker"


@pytest.mark.django_db(transaction=True)
def test_the_worker_leaves_a_task_running_within_the_timeout(database_tasks):
    running = left_running(report_run, "elsewhere", started_ago=timedelta(seconds=30))

    run_worker_once(running_timeout=60)

    assert status_of(running) == TaskResultStatus.RUNNING


# The worker command, as a process of its own


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_takes_up_a_task_once_its_worker_is_presumed_dead(
    database_tasks, tmp_path
):
    log = tmp_path / "worker.log"
    worker = start_worker(log, running_timeout=1)
    try:
        first = DBTaskResult.objects.get(pk=report_run.enqueue("first").id)
        wait_until(
            lambda: status_of(first) == TaskResultStatus.SUCCESSFUL,
            seconds=30,
            what="the worker runs a queued task",
            log=log,
        )
        abandoned = left_running(report_run, "taken up")
        left_at = time.monotonic()

        wait_until(
            lambda: status_of(abandoned) == TaskResultStatus.SUCCESSFUL,
            seconds=30,
            what="the worker takes up the abandoned task",
            log=log,
        )
    finally:
        stop(worker)

    assert time.monotonic() - left_at > 0.9, "taken up before the timeout of 1 s"
    assert abandoned.return_value == "taken up"
    assert abandoned.worker_ids[0] == "a-dead-worker" and len(abandoned.worker_ids) == 2
