"""Embeds: what other sites' oEmbed providers said about a link, resolved once per URL."""

import datetime
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import consumer, providers, thumbnails

logger = logging.getLogger(__name__)
# A link that could not be embedded is asked about again, on a later save, after this long.
RETRY_FAILED_AFTER = datetime.timedelta(hours=1)


class EmbedQuerySet(models.QuerySet):
    def for_urls(self, urls):
        """{url: Embed} for each of `urls` some provider embeds, asking providers only
        about URLs not asked before (or that failed a while ago): one query, then a fetch
        per new URL."""
        urls = list(dict.fromkeys(urls))
        known = {embed.url: embed for embed in self.filter(url__in=urls)}
        for url in urls:
            embed = known.get(url)
            if embed is None or embed.should_retry():
                known[url] = Embed.resolve(url, existing=embed)
        return {url: embed for url, embed in known.items() if embed is not None}


class Embed(models.Model):
    """A link to another site's media and what its oEmbed provider said about it.

    Made when a post that links it alone on a line is saved; pages show it
    from here (a facade with the locally kept thumbnail), never asking the
    provider while a reader waits.
    """

    class Status(models.TextChoices):
        PLAYER = "player", "Player (click to load)"
        CARD = "card", "Card (a link with a picture)"
        FAILED = "failed", "Not embedded"

    url = models.URLField("URL", max_length=2000, unique=True)
    status = models.CharField(max_length=10, choices=Status)
    provider = models.CharField(
        max_length=20, help_text="The allowlisted provider, or “discovered”."
    )
    provider_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    player = models.URLField(
        "player address", max_length=2000, blank=True, help_text="Framed after a click."
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail = models.ImageField(
        upload_to="embeds/", blank=True, width_field="thumbnail_width",
        height_field="thumbnail_height",
    )  # fmt: skip
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True)
    problem = models.CharField(
        max_length=300, blank=True, help_text="Why it was not embedded, or lost its thumbnail."
    )
    fetched_at = models.DateTimeField(default=timezone.now)

    objects = EmbedQuerySet.as_manager()

    class Meta:
        ordering = ["-fetched_at"]

    def __str__(self):
        return self.title or self.url

    @property
    def discovered(self):
        return self.provider == "discovered"

    @property
    def embeddable(self):
        return self.status in (self.Status.PLAYER, self.Status.CARD)

    @property
    def is_video(self):
        """A picture-shaped player (kept at its aspect ratio), not a fixed-height widget."""
        return self.provider in ("youtube", "vimeo")

    @property
    def host(self):
        return urlsplit(self.player or self.url).hostname or ""

    def allowed(self):
        """Embedded as long as the settings still allow its provider."""
        if self.discovered:
            return settings.EMBED_DISCOVERY
        return providers.for_url(self.url) is not None

    def should_retry(self):
        return (
            self.status == self.Status.FAILED
            and timezone.now() - self.fetched_at > RETRY_FAILED_AFTER
        )

    @classmethod
    def resolve(cls, url, *, existing=None):
        """Ask the provider of `url` and keep the answer (or why there is none); None when
        no allowed provider embeds it."""
        fields = {"fetched_at": timezone.now(), "problem": ""}
        try:
            answer = consumer.ask(url)
        except consumer.EmbedError as exc:
            logger.info("Not embedding %s: %s", url, exc)
            fields.update(status=cls.Status.FAILED, problem=str(exc)[:300])
            answer = None
        else:
            if answer is None:
                return None
            fields.update(
                status=cls.Status.PLAYER if answer.player else cls.Status.CARD,
                provider=answer.provider.slug,
                provider_name=answer.provider_name,
                title=answer.title,
                author_name=answer.author_name,
                player=answer.player,
                width=answer.width,
                height=answer.height,
            )
        embed = existing or cls(url=url)
        for name, value in fields.items():
            setattr(embed, name, value)
        if answer is not None and answer.thumbnail_url:
            try:
                picture, *_ = thumbnails.fetch_thumbnail(answer.thumbnail_url)
            except thumbnails.ThumbnailError as exc:
                embed.problem = str(exc)[:300]
            else:
                embed.thumbnail.save(picture.name, picture, save=False)
        return embed._save_once()

    def _save_once(self):
        """Saved; if another save resolved the same URL meanwhile, theirs is kept."""
        try:
            with transaction.atomic():
                self.save()
        except IntegrityError:
            return Embed.objects.get(url=self.url)
        return self
