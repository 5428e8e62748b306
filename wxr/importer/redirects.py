"""Old addresses: each post's and page's WordPress links redirect to its new address.

A post's `<link>`, and a page's `<link>`, `/?page_id=` and `/?p=`, become `Redirect` rows
for this site, written once at the end; an address that already redirects, or is the
new address itself, gets none.
"""

from urllib.parse import unquote, urlsplit

from django.contrib.redirects.models import Redirect
from django.utils.encoding import escape_uri_path, iri_to_uri


def old_path(url):
    """The path (and query) of an old address, written as Django's request.get_full_path()."""
    parts = urlsplit((url or "").strip())
    if not parts.path and not parts.query:
        return ""
    path = escape_uri_path(unquote(parts.path or "/"))
    return path + (f"?{iri_to_uri(unquote(parts.query))}" if parts.query else "")


class RedirectsMixin:
    """Keeps `redirect_paths`, the old paths that redirect already, and the new redirects."""

    def _start_redirects(self):
        self.redirect_paths = set(
            Redirect.objects.filter(site=self.site).values_list("old_path", flat=True)
        )
        self._redirects = []

    def _add_redirect(self, link, new_path, *, skip=None):
        path = old_path(link)
        if not path or path in (new_path, skip) or path in self.redirect_paths:
            return
        if len(path) > 200 or len(new_path) > 200:
            self.summary.warn("Old addresses longer than 200 characters get no redirect")
            return
        self.redirect_paths.add(path)
        self._redirects.append(Redirect(site=self.site, old_path=path, new_path=new_path))

    def _flush_redirects(self):
        Redirect.objects.bulk_create(self._redirects, batch_size=self.batch_size)
        self.summary.imported["redirects"] += len(self._redirects)
        self._redirects = []
