"""Background tasks that survive a failure: queued once their data is committed, run again
when the worker running them died.

django-tasks-db marks a task RUNNING when a worker claims it and finished when the worker
is done with it. A worker killed in between (kill -9, out of memory, a lost machine)
leaves the task RUNNING for ever, and no worker takes it again: whatever it had still to
do is lost. `reclaim_abandoned_tasks()` puts a task that has been running for longer than
TASKS_RUNNING_TIMEOUT seconds back in the queue; `manage.py task_worker` does so when it
starts and periodically while it runs. A task taken up again runs from its start, so a
task must be safe to run twice, even at once (the comment mails record each recipient:
comments/notifications.py).

A task queued inside a transaction that then rolls back must not run at all:
`enqueue_on_commit()` queues it only once the transaction has committed.

Some work is due at a time rather than on a request (a scheduled post going public is
mailed to the blog's followers): apps register it with `worker_duty()`, and
`manage.py task_worker` runs every duty when it starts and on each periodic pass.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Longer than any task here takes: the longest, announcing a comment, sends one mail per
# subscriber, each bounded by the SMTP timeout. A task running for longer is presumed to
# have lost its worker; one taken up while its worker still lives runs twice at once.
DEFAULT_RUNNING_TIMEOUT = 30 * 60

_worker_duties = []


def running_timeout():
    """How long a task may run before its worker is presumed dead (TASKS_RUNNING_TIMEOUT)."""
    return timedelta(seconds=getattr(settings, "TASKS_RUNNING_TIMEOUT", DEFAULT_RUNNING_TIMEOUT))


def enqueue_on_commit(task, *args):
    """Queue `task(*args)` when the current transaction commits (at once outside one).

    A queue that fails then is logged, not raised: what called for the task has
    already been committed, and the request that committed it should not fail.
    A process that dies between the commit and the queueing (with the database
    backend, one INSERT) queues nothing: the price of never running a task for a
    change that was rolled back.
    """
    transaction.on_commit(partial(task.enqueue, *args), robust=True)


def reclaim_abandoned_tasks(*, timeout=None, backend_name=DEFAULT_TASK_BACKEND_ALIAS):
    """Queue again the tasks that have been running for longer than `timeout`; how many."""
    started_before = timezone.now() - (running_timeout() if timeout is None else timeout)
    overdue = DBTaskResult.objects.running().filter(
        backend_name=backend_name, started_at__lt=started_before
    )
    abandoned = list(overdue.values_list("pk", "task_path", "started_at", "worker_ids"))
    if not abandoned:
        return 0
    # The filter is applied again: a task finished or claimed anew meanwhile stays as it is.
    reclaimed = overdue.filter(pk__in=[pk for pk, *_ in abandoned]).update(
        status=TaskResultStatus.READY
    )
    for pk, task_path, started_at, worker_ids in abandoned:
        logger.warning(
            "Task %s (%s) has been running since %s on worker %s, presumed dead: queued again.",
            pk,
            task_path,
            started_at.isoformat(),
            worker_ids[-1] if worker_ids else "?",
        )
    return reclaimed


def worker_duty(duty):
    """Register `duty()` (no arguments, safe to run at any time and more than once) to be
    run by the task worker on each of its periodic passes."""
    if duty not in _worker_duties:
        _worker_duties.append(duty)
    return duty


def run_worker_duties():
    """Run each registered duty; one that fails is logged and the others still run."""
    for duty in list(_worker_duties):
        try:
            duty()
        except Exception:
            logger.exception("Worker duty %s failed; it runs again on the next pass.", duty)
