"""`manage.py task_worker`: django-tasks-db's `db_worker`, also taking up dead workers' tasks.

It takes every option of `db_worker`, and runs tasks the same way. When it starts, and
then every `--reclaim-interval` seconds, it puts back in the queue the tasks that have
been running for longer than `--running-timeout` (TASKS_RUNNING_TIMEOUT): a worker
killed while running them left them so, and plain `db_worker` never runs them again
(core/tasks.py). The same pass runs the apps' worker duties (work due at a time, such
as mailing a scheduled post once it is public). The periodic pass runs in a thread of
its own, so a long task holds up neither it nor the worker.
"""

import logging
import os
import threading
import time
from datetime import timedelta
from functools import partial

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from core.tasks import DEFAULT_RUNNING_TIMEOUT, reclaim_abandoned_tasks, run_worker_duties

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = "Run the database task worker; queue again the tasks that dead workers left running"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--running-timeout",
            type=db_worker.valid_interval,
            default=None,
            help="Seconds after which a running task's worker is presumed dead (default: "
            f"the TASKS_RUNNING_TIMEOUT setting, else {DEFAULT_RUNNING_TIMEOUT})",
        )
        parser.add_argument(
            "--reclaim-interval",
            type=db_worker.valid_interval,
            default=60,
            help="Seconds between looks for tasks that dead workers left running "
            "(default: %(default)r)",
        )

    def handle(self, *, running_timeout, reclaim_interval, **options):
        if runs_tasks_in_this_process(options):
            reclaim = partial(
                periodic_pass,
                timeout=None if running_timeout is None else timedelta(seconds=running_timeout),
                backend_name=options["backend_name"],
            )
            reclaim()
            if not options["batch"]:
                threading.Thread(
                    target=reclaim_periodically,
                    args=(reclaim, reclaim_interval),
                    name="task-reclaimer",
                    daemon=True,
                ).start()
        super().handle(**options)


def runs_tasks_in_this_process(options):
    """False in the process that only watches for code changes under --reload."""
    reloads = options["reload"] and not options["batch"]
    return not reloads or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"


def periodic_pass(**reclaim_options):
    """Queue again what dead workers left running, then do what has come due."""
    reclaim_abandoned_tasks(**reclaim_options)
    run_worker_duties()


def reclaim_periodically(reclaim, interval):
    while True:
        time.sleep(interval)
        try:
            reclaim()
        except Exception:
            logger.exception("Looking for abandoned tasks failed; trying again in %s s", interval)
        finally:
            close_old_connections()
