"""Application passwords: how other tools sign in to the APIs, never to the site."""

import secrets
import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone

# WordPress's alphabet and length: 24 letters and digits, shown in groups of four.
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LENGTH = 24


def new_password():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(password):
    """ "abcd efgh …": easier to read and copy, and the spaces are ignored on use."""
    return " ".join(password[i : i + 4] for i in range(0, len(password), 4))


class ApplicationPasswordQuerySet(models.QuerySet):
    def issue(self, user, name):
        """A new password for `user`: the saved row, and the password, shown this once."""
        row = self.model(user=user, name=name)
        password = row.set_new_password()
        row.save()
        return row, password

    def matching(self, user, password):
        """The user's application password that `password` is, or None."""
        password = "".join(password.split())
        if len(password) != LENGTH:
            return None
        for row in self.filter(user=user):
            if check_password(password, row.password):
                return row
        return None


class ApplicationPassword(models.Model):
    """A named, revocable password for one tool; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="application_passwords", on_delete=models.CASCADE
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        max_length=100, help_text="The tool it is for, so that you know which to revoke."
    )
    password = models.CharField(max_length=128, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    last_ip = models.GenericIPAddressField("last IP", null=True, blank=True, editable=False)

    objects = ApplicationPasswordQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.name

    def set_new_password(self):
        """Give this row a new password; returned (grouped) the one time it is known."""
        password = new_password()
        self.password = make_password(password)
        return grouped(password)

    def record_use(self, ip):
        self.last_used, self.last_ip = timezone.now(), ip
        ApplicationPassword.objects.filter(pk=self.pk).update(last_used=self.last_used, last_ip=ip)
