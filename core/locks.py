"""Locks that make a check and the write that depends on it one unit.

"No comment from this address in the last 15 seconds, then save" is only a rule
if two requests cannot both pass the check before either has saved. On
PostgreSQL, `serialize()` takes an advisory lock per name, held until the
transaction ends, so transactions that name the same thing run one after the
other. SQLite runs every transaction with BEGIN IMMEDIATE (settings), which
already lets one writer in at a time.
"""

import hashlib

from django.db import connection


def serialize(*names):
    """Inside a transaction: wait for, then hold until commit, a lock on each name."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({_key(name) for name in names})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _key(name):
    """A name as the signed 64-bit number PostgreSQL's advisory locks take."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
