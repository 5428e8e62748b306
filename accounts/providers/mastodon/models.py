"""The blog's registrations as an app on Mastodon instances.

Mastodon has no central place to register a client: each instance hands out its
own client id and secret (POST /api/v1/apps). The blog registers on an instance
the first time one of its people signs in, and every later sign-in from that
instance reuses the registration. It is kept per callback address as well, so a
blog that moves to another SITE_URL registers again instead of sending readers
to an instance that would refuse the new address.
"""

from django.db import models


class MastodonApp(models.Model):
    instance = models.CharField(
        max_length=260, help_text="Host name, with the port when not the usual one."
    )
    redirect_uri = models.URLField("callback address", max_length=500)
    client_id = models.CharField(max_length=255)
    client_secret = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Mastodon instance registration"
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "redirect_uri"], name="one_registration_per_instance"
            )
        ]

    def __str__(self):
        return self.instance
