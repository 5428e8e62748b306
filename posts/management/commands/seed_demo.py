"""Demo content worth looking at; running it again adds nothing."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from posts.models import Category, Post, Tag

CATEGORIES = [
    # (name, slug, parent slug, description)
    ("Technology", "technology", None, "Software, the web and the machines under it."),
    ("The Web", "web", "technology", "How the open web works, and how to keep it open."),
    ("Python", "python", "technology", "Notes from writing Python and Django."),
    ("Writing", "writing", None, "On blogging and the craft of putting words in order."),
    ("Life", "life", None, "Everything that happens away from the keyboard."),
    ("Travel", "travel", "life", "Trains, paths and places."),
]

SOCIAL_ESSAY = """
<p>People use the words <em>social media</em> and <em>social networking</em> as if they
meant the same thing. They do not, and the difference explains a good deal about why
some online places feel like a town square and others feel like a conversation among
friends.</p>
<p>Social media is a broadcast channel. Its unit is the piece of content: a video, a
photo, a post written for whoever happens to be scrolling past. Success is measured in
reach, and the audience is mostly strangers. The platform decides who sees what, and the
relationship runs one way, from the publisher to the crowd.</p>
<blockquote><p>Social media is about what you say to many people. Social networking is
about who you know and what you do together.</p></blockquote>
<p>Social networking is the older idea. Its unit is the relationship: the colleague you
stay in touch with, the neighbour who lends you a ladder, the group that organises a
weekend walk. The content matters less than the connection it maintains, and the
conversation runs both ways.</p>
<p>A blog sits in an interesting place between the two. A post is published to anyone,
which makes it media; but the comments, trackbacks and pingbacks that gather under it
turn it into a small network of people who answer one another. Keeping that second half
healthy, with moderation that keeps spam out and lets real voices in, is what makes a
blog more than a megaphone.</p>
"""

POSTS = [
    # (title, slug, category slugs, tags, days ago, sticky, body)
    (
        "Social media versus social networking",
        "social-media-versus-social-networking",
        [],
        ["essay", "community"],
        1,
        True,
        SOCIAL_ESSAY,
    ),
    (
        "Why we still write blogs",
        "why-we-still-write-blogs",
        ["writing"],
        ["blogging", "essay"],
        3,
        False,
        "<p>A blog is a place of your own on the web. Nobody can change the rules under you, "
        "and what you write stays at the same address for as long as you keep it there.</p>"
        "<p>That permanence changes how you write: slower, with more care, and with an eye "
        "on the reader who finds the post two years from now through a search.</p>",
    ),
    (
        "A small tour of Django's generic views",
        "django-generic-views-tour",
        ["python"],
        ["django", "python"],
        5,
        False,
        "<p>Django's class-based generic views turn most pages of a blog into a few lines: a "
        "<code>ListView</code> for the home page, a <code>DetailView</code> for a post, and the "
        "date-based views for the archives.</p><pre><code>class HomeView(ListView):\n"
        "    paginate_by = 10</code></pre><p>The trick is to keep the query shaping in the "
        'QuerySet, so every view that lists posts agrees on what "published" means.</p>',
    ),
    (
        "Permalinks that never break",
        "permalinks-that-never-break",
        ["web"],
        ["urls", "blogging"],
        8,
        False,
        "<p>A permalink is a promise. Once a post has been linked from elsewhere, its "
        "address should answer for as long as the site exists.</p><ul><li>Keep the date in "
        "the path.</li><li>Redirect old addresses instead of deleting them.</li><li>Never "
        "reuse a slug for different content.</li></ul>",
    ),
    (
        "Trackbacks, pingbacks and the conversation between blogs",
        "trackbacks-and-pingbacks",
        ["web"],
        ["blogging", "community"],
        12,
        False,
        "<p>Before social networks, blogs talked to each other directly. When one post "
        "linked to another, the linking blog sent a small notice, a pingback, and the "
        "linked post showed it beneath its comments.</p><p>It is a decentralised, "
        "surprisingly durable idea, and it still works.</p>",
    ),
    (
        "Night train to the mountains",
        "night-train-to-the-mountains",
        ["travel"],
        ["trains"],
        15,
        False,
        "<p>The night train leaves at ten. By the time the city lights thin out, the "
        "corridor is quiet and the conductor has folded down the beds.</p><p>You wake "
        "to a different country: snow on the slopes, a station café, coffee that tastes of "
        "the altitude.</p>",
    ),
    (
        "Testing what the reader sees",
        "testing-what-the-reader-sees",
        ["python"],
        ["testing", "django"],
        20,
        False,
        "<p>The most useful tests of a web application make a request and read the "
        "response, the way a reader would. They survive refactoring because they do not "
        "care how the page was built.</p>",
    ),
    (
        "On editing your own drafts",
        "on-editing-your-own-drafts",
        ["writing"],
        ["writing"],
        26,
        False,
        "<p>Put the draft away for a day. Read it aloud. Cut the first paragraph: it was "
        "you clearing your throat.</p>",
    ),
    (
        "Feeds are the web's quiet backbone",
        "feeds-quiet-backbone",
        ["web"],
        ["rss", "blogging"],
        33,
        False,
        "<p>RSS and Atom feeds let readers follow a site without an account anywhere. A "
        "feed reader is still the calmest way to read the web.</p>",
    ),
    (
        "A walk along the old canal",
        "walk-along-the-old-canal",
        ["life"],
        ["walking"],
        41,
        False,
        "<p>The towpath runs for twelve miles without a single hill. Herons stand in the "
        "reeds, and the locks still work if you have the key.</p>",
    ),
    (
        "Keeping HTML safe",
        "keeping-html-safe",
        ["web", "python"],
        ["security"],
        50,
        False,
        "<p>Every piece of HTML that a person types into a form is a possible attack. A "
        "sanitizer with an allowlist keeps headings, links and lists, and drops scripts, "
        "event handlers and <code>javascript:</code> links.</p>",
    ),
    (
        "What a moderation queue is for",
        "what-a-moderation-queue-is-for",
        ["writing"],
        ["community", "blogging"],
        64,
        False,
        "<p>Comments are where a blog becomes a conversation. A moderation queue keeps that "
        "conversation worth having, without making readers wait for ever.</p>",
    ),
]


class Command(BaseCommand):
    help = "Create demo categories, tags, posts and an admin user (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        admin, password = self.admin_user()
        categories = self.categories()
        created = 0
        now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
        for title, slug, category_slugs, tag_names, days_ago, sticky, body in POSTS:
            if Post.objects.filter(slug=slug).exists():
                continue
            post = Post.objects.create(
                title=title,
                slug=slug,
                author=admin,
                status=Post.Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=days_ago),
                body=body,
                sticky=sticky,
            )
            post.categories.set([categories[s] for s in category_slugs])
            post.tags.set([self.tag(name) for name in tag_names])
            post.ensure_category()
            created += 1
        self.stdout.write(f"Demo content: {created} post(s) added, {Post.objects.count()} in all.")
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Admin user: {admin.username}  password: {password}  "
                    "(log in at /admin/; shown once)"
                )
            )
        else:
            self.stdout.write(
                f"Admin user: {admin.username} (exists; set a new password with "
                f"`python manage.py changepassword {admin.username}`)"
            )

    def admin_user(self):
        User = get_user_model()
        admin = User.objects.filter(username="admin").first()
        if admin:
            return admin, None
        password = secrets.token_urlsafe(12)
        admin = User.objects.create_superuser(
            "admin", "admin@example.com", password, first_name="Demo", last_name="Admin"
        )
        return admin, password

    def categories(self):
        by_slug = {}
        for name, slug, parent_slug, description in CATEGORIES:
            category, _ = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "parent": by_slug.get(parent_slug),
                    "description": description,
                },
            )
            by_slug[slug] = category
        return by_slug

    def tag(self, name):
        tag, _ = Tag.objects.get_or_create(slug=name, defaults={"name": name})
        return tag
