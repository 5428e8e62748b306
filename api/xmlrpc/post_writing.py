"""Saving a post sent over XML-RPC, through the REST API's one write path.

Every API's content struct (WordPress's `post_title`, MetaWeblog's `title`,
…) is turned into the REST API's fields and validated and saved by
`writing.PostWrite` (a page's by `writing.PageWrite`), so that both APIs take
the same values and the body goes through the post model's one sanitizer.
What only XML-RPC has (terms by name, the featured image by id) is resolved
here, with WordPress's faults; the role checks ask `rules`, as REST and the admin do.
"""

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from rest_framework import serializers

from library.models import MediaItem
from posts import review
from posts.models import Category, Kind, Page, Post, Tag

from .. import rules
from ..representations import wp_status
from ..writing import PageWrite, PostWrite
from .base import Fault, as_id, not_allowed

TAXONOMIES = {"category": Category, "post_tag": Tag}
OPEN_CLOSED = ("open", "closed")
NO_TAXONOMY = "Sorry, one of the given taxonomies is not supported by the post type."


def check_type(post_type):
    if post_type not in (None, "", "post"):
        raise Fault(403, "Invalid post type.")


def kind_of(post_type):
    """The entry kind a WordPress `post_type` names (none: a post)."""
    if post_type in (None, "", "post"):
        return Kind.POST
    if post_type == "page":
        return Kind.PAGE
    raise Fault(403, "Invalid post type.")


def entry_to_edit(post_id):
    """The post or page with this id, locked for the edit; a page as a `Page`, whose
    placement rules (`Page.clean`) the save checks. None when there is none."""
    post = Post.entries.select_for_update().filter(pk=as_id(post_id)).first()
    if post is not None and post.kind == Kind.PAGE:
        return Page.objects.get(pk=post.pk)
    return post


def new_entry(user, kind):
    """A new post or page of `user`'s (a page's kind is set now, as the checks ask for it)."""
    return (Page if kind == Kind.PAGE else Post)(author=user, title="", kind=kind)


def status_of(sent, fallback):
    """A status as WordPress reads it: an unknown one is the fallback (a draft)."""
    return sent if sent in ("draft", "pending", "private", "publish", "future") else fallback


def check_publishing(user, status, *, password="", publish, private, protected=None):
    """Contributors write drafts and pending posts only (the REST API's rule), without
    passwords."""
    if not rules.may_set_status(user, status):
        raise not_allowed(private if status == "private" else publish)
    if password and protected and not rules.may_publish(user):
        raise not_allowed(protected)


def check_author(user, author_id, current, message):
    """The id of the author a struct names, if the user may give the post to them."""
    author_id = as_id(author_id)
    if not author_id or author_id == current:
        return None
    author = get_user_model().objects.filter(pk=author_id).first()
    if not rules.may_assign_author(user, author):
        raise not_allowed(message)
    if author is None:
        raise Fault(404, "Invalid author ID.")
    return author_id


def check_sticky(user, sticky, status, password, current):
    """Only Editors change stickiness; sending back the post's own value (as clients that
    edit what wp.getPost gave do) changes nothing and needs no permission."""
    if sticky is None:
        return
    if status == "private" or password:
        if sticky:
            raise not_allowed("Sorry, you cannot stick a private post.")
        return
    if bool(sticky) != current and not rules.may_stick(user):
        raise not_allowed("Sorry, you are not allowed to make posts sticky.")


def featured_image(value):
    """The library image a struct names by id (or by the struct wp.getPost gave for it);
    None, to remove it, for an empty value."""
    if isinstance(value, dict):
        value = value.get("attachment_id")
    if not value or value == "0":
        return None
    image = MediaItem.objects.images().filter(pk=as_id(value)).first()
    if image is None:
        raise Fault(404, "Invalid attachment ID.")
    return image


def term_ids(user, terms=None, terms_names=None):
    """{"categories": [ids], "tags": [ids]} from WordPress's `terms` and `terms_names`,
    creating the named terms that do not exist yet, for those who may."""
    chosen = {}
    for taxonomy, values in (terms or {}).items():
        model = taxonomy_model(taxonomy)
        ids = [as_id(value) for value in _list(values)]
        found = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if len(found) != len(set(ids)):
            raise Fault(403, "Invalid term ID.")
        chosen.setdefault(model, []).extend(ids)
    for taxonomy, values in (terms_names or {}).items():
        model = taxonomy_model(taxonomy)
        chosen.setdefault(model, []).extend(
            named_terms(user, model, [str(v) for v in _list(values)])
        )
    return {
        ("categories" if model is Category else "tags"): list(dict.fromkeys(ids))
        for model, ids in chosen.items()
    }


def taxonomy_model(taxonomy):
    model = TAXONOMIES.get(taxonomy)
    if model is None:
        raise not_allowed("Sorry, one of the given taxonomies is not supported by the post type.")
    return model


def named_terms(user, model, names, *, create=True):
    """The ids of the terms called `names` (any case), made when missing and allowed."""
    existing = {}
    for pk, name in model.objects.annotate(key=Lower("name")).values_list("pk", "key"):
        existing.setdefault(name, []).append(pk)
    ids = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        matches = existing.get(name.lower(), [])
        if len(matches) > 1:
            raise not_allowed(
                "Ambiguous term name used in a hierarchical taxonomy. Please use term ID instead."
            )
        if matches:
            ids.append(matches[0])
        elif create:
            if not rules.may_add_term(user, model):
                raise not_allowed(
                    "Sorry, you are not allowed to add a term to one of the given taxonomies."
                )
            term = model.objects.create(name=name[:100])
            existing[name.lower()] = [term.pk]
            ids.append(term.pk)
    return ids


def _list(values):
    if not isinstance(values, list):
        raise Fault(403, "Invalid term ID.")
    return values


def open_closed(value):
    """`open`/`closed`, or MetaWeblog's 1/0 (2: closed); anything else is left as it is."""
    if value in OPEN_CLOSED:
        return value
    if isinstance(value, (int, str)) and str(value).strip() in ("0", "1", "2"):
        return "open" if str(value).strip() == "1" else "closed"
    return None


def save(user, post, fields, *, image=False):
    """Validate `fields` (the REST API's names) and save them to `post`; its id as a string.

    `image` is the featured image to set (None removes it), or False to leave it."""
    was_pending = post.pk is not None and post.status == Post.Status.PENDING
    write = PageWrite if post.kind == Kind.PAGE else PostWrite
    form = write(data=fields, partial=post.pk is not None)
    if not form.is_valid():
        raise not_saved(form.errors)
    if image is not False:
        post.featured_image = image
    try:
        form.save_to(post)
    except serializers.ValidationError as error:  # a page's placement (`PageWrite`)
        raise not_saved(error.detail) from error
    if post.status == Post.Status.PENDING and not was_pending:
        review.submitted(post)
    return str(post.pk)


def not_saved(errors):
    problems = "; ".join(
        f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in errors.items()
    )
    return Fault(500, f"The post could not be saved. {problems}")


def current_status(post):
    return wp_status(post) if post.pk else "draft"
