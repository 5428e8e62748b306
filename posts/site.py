"""Keep the sites framework's Site in step with SITE_URL.

Flat pages, redirects and account mails look the blog up as the current Site;
the one place the blog's address is configured is the SITE_URL setting.
"""

from django.conf import settings
from django.contrib.sites.models import Site

from core import pagecache, site_url


def sync_site(sender=None, using="default", apps=None, **kwargs):
    """post_migrate receiver: the Site of SITE_ID gets SITE_URL's host and the blog's title."""
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_url.host(), "name": settings.BLOG_TITLE}
    )
    Site.objects.clear_cache()
    pagecache.forget()
