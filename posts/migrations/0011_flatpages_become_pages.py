"""Every flat page (django.contrib.flatpages, where imported WordPress pages used to land)
becomes a Page at the same address.

The flat pages' tables are read directly, so that this runs whether or not the flatpages
app is still installed; they are left as they were (nothing reads them any more). A flat
page at `/about/team/` becomes the page "team" under "about"; a missing parent ("about"
when only its child was a flat page) is created as a draft, so that /about/ stays a 404 as
it was. An address that is not made of slugs (`/about.html`, no trailing slash) is moved to
the slugs of its parts and a redirect from the old address is recorded. A flat page on this
site and open to everyone is published; one on no site, or for registered users only, is a
draft.
"""

import re

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

SLUG = re.compile(r"^[-\w]+$")


def flatpage_rows(connection):
    tables = connection.introspection.table_names()
    if "django_flatpage" not in tables:
        return [], set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, url, title, content, enable_comments, registration_required "
            "FROM django_flatpage"
        )
        rows = cursor.fetchall()
        on_site = set()
        if "django_flatpage_sites" in tables:
            cursor.execute(
                "SELECT flatpage_id FROM django_flatpage_sites WHERE site_id = %s",
                [settings.SITE_ID],
            )
            on_site = {row[0] for row in cursor.fetchall()}
    return rows, on_site


def slugs_of(url):
    """The slugs of an address, and whether they spell it exactly."""
    parts = [part for part in url.strip("/").split("/") if part]
    slugs = [part if SLUG.match(part) else slugify(part.replace(".", "-")) for part in parts]
    slugs = [slug or "page" for slug in slugs]
    exact = url.endswith("/") and slugs == parts
    return slugs, exact


def page_author(apps):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    users = User.objects.order_by("-is_superuser", "-is_staff", "pk")
    author = users.first()
    if author is None:
        author = User.objects.create(username="pages", password="!", is_active=False)
    return author


def flatpages_to_pages(apps, schema_editor):
    from core.sanitize import excerpt_from_html, sanitize_post_html
    from posts import body as post_body

    rows, on_site = flatpage_rows(schema_editor.connection)
    if not rows:
        return
    Post = apps.get_model("posts", "Post")
    Redirect = apps.get_model("redirects", "Redirect")
    author = page_author(apps)
    now = timezone.now()
    by_path = {page.path: page for page in Post.objects.filter(kind="page")}

    def page_at(slugs, **fields):
        path = "/".join(slugs)
        page = by_path.get(path)
        if page is None:
            parent = page_at(slugs[:-1]) if len(slugs) > 1 else None
            page = Post(
                kind="page",
                slug=slugs[-1],
                path=path,
                parent=parent,
                author=author,
                title=slugs[-1].replace("-", " ").capitalize(),
                status="draft",
                published_at=now,
                published_on=timezone.localdate(now),
            )
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
        by_path[path] = page
        return page

    for pk, url, title, content, enable_comments, registration_required in sorted(
        rows, key=lambda row: row[1].count("/")
    ):
        slugs, exact = slugs_of(url)
        if not slugs:
            continue
        body = sanitize_post_html(content or "")
        published = pk in on_site and not registration_required
        page = page_at(
            slugs,
            title=title or slugs[-1],
            body=body,
            body_html=post_body.render(body),
            excerpt=excerpt_from_html(body),
            comments_open=bool(enable_comments),
            status="published" if published else "draft",
        )
        if not exact:
            Redirect.objects.update_or_create(
                site_id=settings.SITE_ID, old_path=url, defaults={"new_path": f"/{page.path}/"}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0010_pages"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(flatpages_to_pages, migrations.RunPython.noop)]
