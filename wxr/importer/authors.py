"""Authors: WordPress logins become users here, matched by login, never able to sign in.

A WordPress author arrives without a password this site could check, so a new user is
created inactive with an unusable password; a login that is already a user here gets
that user's posts. Items naming no author go to `--default-author`, or to one inactive
fallback user.
"""

import re
import unicodedata

from django.contrib.auth import get_user_model

from ..reader import WXRError

FALLBACK_AUTHOR = "wordpress"


def username_from_login(login):
    """A Django username for a WordPress login: the characters Django allows, NFC, ≤150."""
    login = unicodedata.normalize("NFC", login.strip()).replace(" ", "-")
    return re.sub(r"[^\w.@+-]", "", login)[:150]


class AuthorsMixin:
    """Keeps `users` (username → user, this run), `users_by_wp_id` (for comments'
    `user_id`) and `default_author`."""

    def _start_authors(self):
        User = get_user_model()
        self.default_author = None
        if self.default_author_name:
            self.default_author = User.objects.filter(username=self.default_author_name).first()
            if self.default_author is None:
                raise WXRError(f"No user named {self.default_author_name!r} for --default-author")
        self.users = {}
        self.users_by_wp_id = {}

    def _author(self, record):
        user = self._user(record.login, record)
        if record.wp_id:
            self.users_by_wp_id[record.wp_id] = user

    def _user(self, login, record=None):
        """The user for a WordPress login, created inactive and password-less if new."""
        username = username_from_login(login)
        if not username:
            return self._fallback_author()
        if username in self.users:
            return self.users[username]
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            self.summary.skip("authors", "already a user here (posts are given to them)")
        else:
            user = User(username=username, is_active=False)
            if record is not None:
                user.email = record.email[:254]
                user.first_name = record.first_name[:150]
                user.last_name = record.last_name[:150]
                if not (user.first_name or user.last_name) and record.display_name != login:
                    # No names, but a chosen display name: keep it where names are shown.
                    user.first_name = record.display_name[:150]
            user.set_unusable_password()
            user.save()
            self.summary.add("authors")
        self.users[username] = user
        return user

    def _fallback_author(self):
        if self.default_author is not None:
            return self.default_author
        self.summary.warn(
            f"Items without an author were given to the inactive user {FALLBACK_AUTHOR!r} "
            "(use --default-author to choose one)"
        )
        return self._user(FALLBACK_AUTHOR)

    def _author_of(self, item):
        if item.creator:
            return self._user(item.creator)
        return self._fallback_author()
