"""Keep the sites framework's Site in step with SITE_URL.

Feeds, sitemaps and exports build absolute links from the current Site; the
one place the blog's address is configured is the SITE_URL setting.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site

from blogsite import pagecache


def sync_site(sender=None, using="default", apps=None, **kwargs):
    """post_migrate receiver: the Site of SITE_ID gets SITE_URL's host and the blog's title."""
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.BLOG_TITLE}
    )
    Site.objects.clear_cache()
    pagecache.bump()
