"""A social account's picture, fetched once at sign-in and kept in the blog's own storage.

How a picture from another site is fetched, checked and kept is
`core.remote_pictures`; this names the account's and fetches it in the
background. A new picture at the provider gets a new name, and is fetched on
the next sign-in; the same one is never fetched twice.
"""

from django.core.files.storage import default_storage
from django.tasks import task

from core import remote_pictures

FOLDER = "avatars"


def stored_name(account):
    """Where the account's current picture is kept, or None if the provider names none."""
    source = source_url(account)
    if not source:
        return None
    return remote_pictures.stored_name(FOLDER, account.provider, account.uid, source)


def source_url(account):
    """The picture's address at the provider, when it names a web one."""
    url = account.get_avatar_url()
    return url if remote_pictures.is_web_url(url) else None


def stored_url(account):
    """The URL of the account's picture as kept here, or None until it has been fetched."""
    name = stored_name(account)
    if name is None or not default_storage.exists(name):
        return None
    return default_storage.url(name)


def remember(account):
    """Have the account's picture fetched and kept, unless it already is."""
    name = stored_name(account)
    if name is not None and not default_storage.exists(name):
        store.enqueue(source_url(account), name)


@task
def store(source, name):
    """Fetch the picture at `source` and keep it as `name`; False if it was not kept."""
    return remote_pictures.keep(source, name)
