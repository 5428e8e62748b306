"""The benchmark's fixed dataset: 1,000 posts, 10 categories, 50 tags, 50 comments on one post;
and for search, 100,000 shorter posts on PostgreSQL (`build_search`).

Deterministic (a seeded generator), so two runs measure the same pages.
Run through `make bench`, which points DATABASE_URL at a database of its own.
"""

import datetime
import itertools
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from core import pagecache
from posts import related
from posts.models import Category, Post, Tag

from .words import WORDS, search_vocabulary

POSTS = 1000
CATEGORIES = 10
TAGS = 50
COMMENTS = 50
COMMENTED_SLUG = "the-post-with-fifty-comments"


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, words):
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 18))
        sentences.append(sentence(rng, n))
        left -= n
    return " ".join(sentences)


def body(rng):
    """About 800 words: three paragraphs and a blockquote."""
    return (
        f"<p>{paragraph(rng, 260)}</p>"
        f"<p>{paragraph(rng, 250)}</p>"
        f"<blockquote><p>{paragraph(rng, 40)}</p></blockquote>"
        f"<p>{paragraph(rng, 250)}</p>"
    )


def build():
    with pagecache.one_change(), related.batch(), transaction.atomic():
        return _build()


def _build():
    if Post.objects.filter(slug=COMMENTED_SLUG).exists():
        return False
    rng = random.Random(20261125)
    author, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"first_name": "Bench", "last_name": "Author"}
    )
    parents = [Category.objects.create(name=f"Topic {n}") for n in range(5)]
    categories = parents + [
        Category.objects.create(name=f"Subtopic {n}", parent=parents[n]) for n in range(5)
    ]
    tags = [Tag.objects.create(name=f"tag {n}") for n in range(TAGS)]
    start = timezone.now() - datetime.timedelta(days=POSTS + 1)
    for n in range(POSTS):
        slug = COMMENTED_SLUG if n == POSTS - 1 else f"post-{n}"
        post = Post.objects.create(
            title=sentence(rng, rng.randint(4, 9))[:-1],
            slug=slug,
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=start + datetime.timedelta(days=n, hours=rng.randint(0, 12)),
            body=body(rng),
        )
        post.categories.set([categories[n % CATEGORIES]])
        post.tags.set(rng.sample(tags, 4))
        post.ensure_category()
    post = Post.objects.get(slug=COMMENTED_SLUG)
    comments = []
    for n in range(COMMENTS):
        parent = comments[rng.randrange(len(comments))] if comments and n % 3 else None
        comments.append(
            Comment.objects.create(
                post=post,
                parent=parent,
                author_name=f"Reader {n}",
                author_email=f"reader{n}@example.com",
                body=f"<p>{paragraph(rng, rng.randint(20, 60))}</p>",
                status=Comment.Status.APPROVED,
                created=post.published_at + datetime.timedelta(minutes=n + 1),
            )
        )
    Comment.refresh_counts({post.pk})
    return True


SEARCH_POSTS = 100_000
SEARCH_DONE_SLUG = "search-dataset-complete-v2"
SEARCH_BATCH = 2000


def zipf_text(rng, vocabulary, weights, words):
    return " ".join(rng.choices(vocabulary, cum_weights=weights, k=words))


def build_search(posts=SEARCH_POSTS):
    """The search benchmark's dataset: `posts` posts of 120 words (`search_vocabulary`),
    each in a category and with 3 tags, on a database of its own (PostgreSQL). Built
    once: a run that finds the last post keeps what is there. Rows go in by bulk, the
    search documents in one UPDATE at the end, as an import does."""
    from posts import search

    if Post.objects.filter(slug=SEARCH_DONE_SLUG).exists():
        return False
    from django.db import connection

    # A database of its own, whatever an earlier build left: emptied in one statement.
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Post._meta.db_table} CASCADE")
    rng = random.Random(20261202)
    author, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"first_name": "Bench", "last_name": "Author"}
    )
    categories = [
        Category.objects.get_or_create(slug=f"field-{n}", defaults={"name": f"Field {n}"})[0]
        for n in range(CATEGORIES)
    ]
    tags = [
        Tag.objects.get_or_create(slug=f"label-{n}", defaults={"name": f"label {n}"})[0]
        for n in range(TAGS)
    ]
    start = timezone.now() - datetime.timedelta(days=posts // 24 + 2)
    vocabulary = search_vocabulary()
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(vocabulary) + 1)))
    for first in range(0, posts, SEARCH_BATCH):
        batch = []
        for n in range(first, min(first + SEARCH_BATCH, posts)):
            when = start + datetime.timedelta(hours=n)
            text = f"<p>{zipf_text(rng, vocabulary, weights, 120)}.</p>"
            batch.append(
                Post(
                    title=zipf_text(rng, vocabulary, weights, rng.randint(4, 9)).capitalize(),
                    slug=f"s-{n}",
                    author=author,
                    status=Post.Status.PUBLISHED,
                    published_at=when,
                    published_on=when.date(),
                    body=text,
                    body_html=text,
                    primary_category=categories[n % CATEGORIES],
                )
            )
        created = Post.objects.bulk_create(batch)
        Post.categories.through.objects.bulk_create(
            Post.categories.through(post_id=p.pk, category_id=p.primary_category_id)
            for p in created
        )
        Post.tags.through.objects.bulk_create(
            Post.tags.through(post_id=p.pk, tag_id=tag.pk)
            for p in created
            for tag in rng.sample(tags, 3)
        )
    search.refresh_documents()
    with connection.cursor() as cursor:
        # The planner's view of the new rows, and the rows the documents' UPDATE left dead
        # cleared, as autovacuum would in time: a search reads no dead index entries.
        cursor.execute(f"VACUUM ANALYZE {Post._meta.db_table}")
    # The mark of a finished build comes last.
    Post.objects.filter(slug=f"s-{posts - 1}").update(slug=SEARCH_DONE_SLUG)
    return True
