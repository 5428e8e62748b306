"""A large WordPress export for timing `import_wxr`: 5,000 posts with 20,000 threaded
comments, pages, categories, tags, post formats and a nested navigation menu.

    .venv/bin/python -m bench.wxr_file /tmp/big.xml
    DEBUG=1 DATABASE_URL=sqlite:////tmp/big.sqlite3 .venv/bin/python manage.py migrate
    DEBUG=1 DATABASE_URL=sqlite:////tmp/big.sqlite3 /usr/bin/time -v \
        .venv/bin/python manage.py import_wxr /tmp/big.xml

Deterministic (a seeded generator), so two runs time the same file. Needs no Django.
"""

import random
import sys

from .words import WORDS

POSTS = 5000
COMMENTS_PER_POST = 4
PAGES = 20
CATEGORIES = 30
TAGS = 200
FORMATS = ["aside", "gallery", "link", "image", "quote", "status", "video", "audio", "chat"]
SITE = "https://big.example.com"
PAGE_IDS = 50_000  # above the posts' ids: WordPress ids are unique across post types


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def cdata(text):
    return f"<![CDATA[{text}]]>"


def meta(key, value):
    return (
        f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def head(out):
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
        ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<title>Big</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>\n"
        f"<wp:base_site_url>{SITE}</wp:base_site_url><wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    )
    for n in range(1, 6):
        out.write(
            f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(f'writer{n}')}"
            f"</wp:author_login><wp:author_email>{cdata(f'w{n}@example.com')}</wp:author_email>"
            "</wp:author>\n"
        )
    for n in range(1, CATEGORIES + 1):
        parent = f"cat-{(n - 1) // 5}" if n > 5 else ""
        out.write(
            f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>cat-{n}"
            f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
            f"<wp:cat_name>{cdata(f'Category {n}')}</wp:cat_name></wp:category>\n"
        )
    for n in range(1, TAGS + 1):
        out.write(
            f"<wp:tag><wp:term_id>{1000 + n}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(f'Tag {n}')}</wp:tag_name></wp:tag>\n"
        )
    out.write(
        "<wp:term><wp:term_id>5000</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
        f"<wp:term_slug>{cdata('main')}</wp:term_slug><wp:term_name>{cdata('Main')}</wp:term_name>"
        "</wp:term>\n"
    )


def comment(rng, wp_id, parent, day):
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(words(rng, 2).title())}</wp:comment_author>"
        f"<wp:comment_author_email>reader{wp_id}@example.com</wp:comment_author_email>"
        f"<wp:comment_author_IP>192.0.2.{wp_id % 250}</wp:comment_author_IP>"
        f"<wp:comment_date_gmt>{day} 12:{wp_id % 60:02d}:00</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(words(rng, 25))}</wp:comment_content>"
        f"<wp:comment_approved>{rng.choice(['1', '1', '1', '0', 'spam'])}</wp:comment_approved>"
        f"<wp:comment_type></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
        "</wp:comment>"
    )


def post(rng, n):
    wp_id = 10 + n
    day = f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    paragraphs = "\n\n".join(words(rng, 60) for _ in range(4))
    terms = (
        f'<category domain="category" nicename="cat-{1 + n % CATEGORIES}">{cdata("C")}</category>'
    )
    for tag in rng.sample(range(1, TAGS + 1), 3):
        terms += f'<category domain="post_tag" nicename="tag-{tag}">{cdata("T")}</category>'
    if n % 10 == 0:
        post_format = FORMATS[(n // 10) % len(FORMATS)]
        terms += f'<category domain="post_format" nicename="post-format-{post_format}">F</category>'
    first = 100_000 + n * COMMENTS_PER_POST
    comments = "".join(
        comment(rng, first + k, first + k - 1 if k % 2 else 0, day)
        for k in range(COMMENTS_PER_POST)
    )
    return (
        f"<item><title>{cdata(words(rng, 6).capitalize())}</title>"
        f"<link>{SITE}/?p={wp_id}</link><dc:creator>{cdata(f'writer{1 + n % 5}')}</dc:creator>"
        f'<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>'
        f"<content:encoded>{cdata(paragraphs)}</content:encoded>"
        f"<excerpt:encoded>{cdata('')}</excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_date_gmt>{day} 09:{n % 60:02d}:{n % 59:02d}</wp:post_date_gmt>"
        f"<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>"
        f"<wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>{terms}{comments}</item>\n"
    )


def page(rng, n):
    wp_id = PAGE_IDS + n
    parent = PAGE_IDS + (n - 1) // 4 if n > 4 else 0
    return (
        f"<item><title>{cdata(f'Page {n}')}</title><wp:post_id>{wp_id}</wp:post_id>"
        f"<content:encoded>{cdata(words(rng, 80))}</content:encoded>"
        f"<wp:post_name>page-{n}</wp:post_name><wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:status>publish</wp:status><wp:post_type>page</wp:post_type>"
        f"<dc:creator>{cdata('writer1')}</dc:creator></item>\n"
    )


def menu_item(wp_id, order, kind, obj, object_id, parent=0, url="", title=""):
    fields = [
        ("_menu_item_type", kind),
        ("_menu_item_menu_item_parent", parent),
        ("_menu_item_object_id", object_id),
        ("_menu_item_object", obj),
        ("_menu_item_url", url),
    ]
    return (
        f"<item><title>{cdata(title)}</title><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:menu_order>{order}</wp:menu_order><wp:status>publish</wp:status>"
        '<wp:post_type>nav_menu_item</wp:post_type><category domain="nav_menu" nicename="main">'
        f"{cdata('Main')}</category>{''.join(meta(k, v) for k, v in fields)}</item>\n"
    )


def menu():
    items, order = [], 0
    for n in range(1, 6):
        order += 1
        top = 90_000 + order
        items.append(menu_item(top, order, "post_type", "page", PAGE_IDS + n))
        for child in range(2):
            order += 1
            items.append(
                menu_item(90_000 + order, order, "taxonomy", "category", 5 + n * 2 + child, top)
            )
    items.append(
        menu_item(90_100, order + 1, "custom", "custom", 0, url=f"{SITE}/shop/", title="Shop")
    )
    return "".join(items)


def write(path):
    rng = random.Random(17)
    with open(path, "w", encoding="utf-8") as out:
        head(out)
        out.write(menu())
        for n in range(1, PAGES + 1):
            out.write(page(rng, n))
        for n in range(1, POSTS + 1):
            out.write(post(rng, n))
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else "big-export.xml")
