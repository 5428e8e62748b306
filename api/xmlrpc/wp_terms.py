"""The WordPress API's taxonomies and terms: categories (`category`) and tags (`post_tag`)."""

from django.db.models import Q

from posts.models import Category

from .. import rules
from . import structs
from .base import Fault, as_id, method, not_allowed, struct
from .post_writing import TAXONOMIES

TO_STRUCT = {"category": structs.category_struct, "post_tag": structs.tag_struct}
ORDER_BY = {"name": "name", "slug": "slug", "count": "post_count", "id": "pk", "term_id": "pk"}


def taxonomy(name):
    if name not in TAXONOMIES:
        raise Fault(403, "Invalid taxonomy.")
    return TAXONOMIES[name]


def may_assign(user):
    """Assigning terms is writing posts, as WordPress's `assign_terms` is `edit_posts`."""
    return rules.may_write_posts(user)


@method("wp.getTaxonomies")
def get_taxonomies(request, user, blog_id, query=None, fields=None):
    if not may_assign(user):
        return []
    return [structs.taxonomy_struct(name) for name in TAXONOMIES]


@method("wp.getTaxonomy")
def get_taxonomy(request, user, blog_id, name, fields=None):
    taxonomy(name)
    if not may_assign(user):
        raise not_allowed("Sorry, you are not allowed to assign terms in this taxonomy.")
    return structs.taxonomy_struct(name)


@method("wp.getTerms")
def get_terms(request, user, blog_id, name, query=None):
    model, query = taxonomy(name), struct(query or {})
    if not may_assign(user):
        raise not_allowed("Sorry, you are not allowed to assign terms in this taxonomy.")
    terms = structs.terms_with_counts(model)
    if words := query.get("search"):
        terms = terms.filter(Q(name__icontains=str(words)) | Q(slug__icontains=str(words)))
    if query.get("hide_empty") in (True, 1, "1", "true"):
        terms = terms.filter(post_count__gt=0)
    if order := ORDER_BY.get(query.get("orderby")):
        direction = "-" if str(query.get("order", "ASC")).upper() == "DESC" else ""
        terms = terms.order_by(f"{direction}{order}", "pk")
    offset = as_id(query.get("offset", 0))
    number = as_id(query.get("number", 0))
    terms = terms[offset : offset + number] if number else terms[offset:]
    return [TO_STRUCT[name](term) for term in terms]


@method("wp.getTerm")
def get_term(request, user, blog_id, name, term_id):
    model = taxonomy(name)
    term = structs.terms_with_counts(model).filter(pk=as_id(term_id)).first()
    if term is None:
        raise Fault(404, "Invalid term ID.")
    if not may_assign(user):
        raise not_allowed("Sorry, you are not allowed to assign this term.")
    return TO_STRUCT[name](term)


@method("wp.newTerm", write=True)
def new_term(request, user, blog_id, content):
    content = struct(content)
    name = content.get("taxonomy")
    model = taxonomy(name)
    if not rules.may_add_term(user, model):
        raise not_allowed("Sorry, you are not allowed to create terms in this taxonomy.")
    term_name = str(content.get("name") or "").strip()
    if not term_name:
        raise Fault(403, "The term name cannot be empty.")
    fields = {"name": term_name[:100]}
    if content.get("parent") not in (None, "", 0, "0"):
        if model is not Category:
            raise Fault(403, "This taxonomy is not hierarchical.")
        fields["parent"] = Category.objects.filter(pk=as_id(content["parent"])).first()
        if fields["parent"] is None:
            raise Fault(403, "Parent term does not exist.")
    if model.objects.filter(
        name__iexact=term_name, **({"parent": fields.get("parent")} if model is Category else {})
    ).exists():
        raise Fault(500, "A term with the name provided already exists with this parent.")
    if slug := str(content.get("slug") or "").strip():
        if model.objects.filter(slug=slug).exists():
            raise Fault(500, f"The slug \u201c{slug}\u201d is already in use by another term.")
        fields["slug"] = slug[:100]
    if model is Category:
        fields["description"] = str(content.get("description") or "")
    return str(model.objects.create(**fields).pk)
