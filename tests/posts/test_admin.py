"""Authoring in the admin, as WordPress authors and editors expect it.

Everything goes through the test client: the changelist, the forms, the
actions, and what each role (Authors, Editors) may see and do.
"""

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from posts.models import Category, Post
from tests.conftest import make_category, make_post, make_user

pytestmark = pytest.mark.django_db

POSTS_URL = "/admin/posts/post/"
ADD_URL = "/admin/posts/post/add/"
CATEGORIES_URL = "/admin/posts/category/"


def change_url(post):
    return f"{POSTS_URL}{post.pk}/change/"


def delete_url(post):
    return f"{POSTS_URL}{post.pk}/delete/"


class _Changelist(HTMLParser):
    """The admin's result table: column headings, and each row as {field name: text}."""

    def __init__(self):
        super().__init__()
        self.headings, self.rows = [], []
        self._in_table = False
        self._section = None
        self._cell = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "result_list":
            self._in_table = True
        elif not self._in_table:
            return
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self.rows.append({})
        elif tag in ("th", "td"):
            classes = (attrs.get("class") or "").split()
            if self._section == "thead" and any(c.startswith("column-") for c in classes):
                self._cell, self._text = "heading", []
            fields = [c.removeprefix("field-") for c in classes if c.startswith("field-")]
            if self._section == "tbody" and fields:
                self._cell, self._text = fields[0], []
        elif tag == "img" and self._cell:
            self._text.append(attrs.get("alt") or "")

    def handle_data(self, data):
        if self._cell:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag in ("th", "td") and self._cell:
            text = " ".join("".join(self._text).split())
            if self._cell == "heading":
                self.headings.append(text)
            else:
                self.rows[-1][self._cell] = text
            self._cell = None


def changelist(response):
    assert response.status_code == 200
    parser = _Changelist()
    parser.feed(response.text)
    return parser


def titles_listed(response):
    return {row["title"] for row in changelist(response).rows}


def follow_filter(client, title, choice):
    """Open the changelist and click `choice` in the sidebar filter called `title`."""
    page = client.get(POSTS_URL).text
    section = re.search(
        rf'<details data-filter-title="{title}"[^>]*>(.*?)</details>', page, re.DOTALL
    )
    assert section, f"no {title!r} filter on the post list"
    links = {
        " ".join(unescape(strip_tags(text)).split()): unescape(href)
        for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', section.group(1))
    }
    return client.get(POSTS_URL + links[choice])


def form_data(author, **overrides):
    """What the post add/change form posts, filled in the way a person would."""
    published = timezone.localtime(timezone.now() - timezone.timedelta(hours=1))
    data = {
        "title": "Admin post",
        "slug": "",
        "body": "<p>Body text.</p>",
        "excerpt": "",
        "status": Post.Status.DRAFT,
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "author": author.pk,
        "password": "",
        "primary_category": "",
        "featured_image_alt": "",
        "comments_open": "on",
        "pings_open": "on",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def data_of(post, **overrides):
    """The change form's data for an existing post."""
    local = timezone.localtime(post.published_at)
    data = form_data(
        post.author,
        title=post.title,
        slug=post.slug,
        body=post.body,
        excerpt=post.excerpt,
        status=post.status,
        published_at_0=local.strftime("%Y-%m-%d"),
        published_at_1=local.strftime("%H:%M:%S"),
        categories=[c.pk for c in post.categories.all()],
        primary_category=post.primary_category_id or "",
    )
    data.update(overrides)
    return data


def run_action(client, action, posts):
    return client.post(
        POSTS_URL,
        {"action": action, "_selected_action": [p.pk for p in posts], "index": 0},
    )


@pytest.fixture
def wendy():
    return make_user("wendy", groups=["Authors"])


@pytest.fixture
def arthur():
    return make_user("arthur", groups=["Authors"])


@pytest.fixture
def edna():
    return make_user("edna", groups=["Editors"])


# The post list


def test_post_list_shows_title_status_author_categories_date_and_sticky(admin_client):
    make_post()
    assert changelist(admin_client.get(POSTS_URL)).headings == [
        "Title",
        "Status",
        "Author",
        "Categories",
        "Publication date",
        "Sticky",
    ]


def test_post_list_row_shows_the_posts_values(admin_client):
    author = make_user("maria")
    make_post(
        "Row post",
        author=author,
        categories=[make_category("Alpha"), make_category("Beta")],
        sticky=True,
    )
    (row,) = changelist(admin_client.get(POSTS_URL)).rows
    assert row["title"] == "Row post"
    assert row["status_label"] == "Published"
    assert row["author"] == "maria"
    assert row["category_list"] == "Alpha, Beta"
    assert row["sticky"] == "True"


def test_post_list_calls_a_future_published_post_scheduled(admin_client):
    make_post("Tomorrow", published_at=timezone.now() + timezone.timedelta(days=1))
    (row,) = changelist(admin_client.get(POSTS_URL)).rows
    assert row["status_label"] == "Scheduled"


def test_post_list_filters_by_status(admin_client):
    make_post("Draft one", status=Post.Status.DRAFT)
    make_post("Live one")
    response = follow_filter(admin_client, "status", "Draft")
    assert titles_listed(response) == {"Draft one"}


def test_post_list_filters_by_category(admin_client):
    travel = make_category("Travel")
    make_post("By train", categories=[travel])
    make_post("Elsewhere")
    response = follow_filter(admin_client, "categories", "Travel")
    assert titles_listed(response) == {"By train"}


def test_post_list_filters_by_author(admin_client):
    maria = make_user("maria")
    make_post("Maria's", author=maria)
    make_post("Someone else's")
    response = follow_filter(admin_client, "author", "maria")
    assert titles_listed(response) == {"Maria's"}


def test_post_list_filters_by_sticky(admin_client):
    make_post("Pinned", sticky=True)
    make_post("Ordinary")
    response = follow_filter(admin_client, "sticky", "Yes")
    assert titles_listed(response) == {"Pinned"}


def test_post_list_search_finds_words_in_title_and_body(admin_client):
    make_post("About zeppelins")
    make_post("Travel notes", body="<p>We flew in a zeppelin once.</p>")
    make_post("Unrelated")
    response = admin_client.get(POSTS_URL, {"q": "zeppelin"})
    assert titles_listed(response) == {"About zeppelins", "Travel notes"}


# The post form


def test_add_form_prepopulates_the_slug_from_the_title(admin_client):
    response = admin_client.get(ADD_URL)
    match = re.search(r'data-prepopulated-fields="([^"]*)"', response.text)
    assert match, "no prepopulated fields on the add form"
    fields = json.loads(unescape(match.group(1)))
    (slug,) = [field for field in fields if field["name"] == "slug"]
    assert slug["dependency_list"] == ["title"]


def test_body_submitted_through_the_admin_is_sanitized(admin_client, admin_user):
    response = admin_client.post(
        ADD_URL,
        form_data(
            admin_user,
            body='<p onclick="alert(1)">Kept</p><script>alert(2)</script>'
            '<a href="javascript:alert(3)">link</a>',
        ),
    )
    assert response.status_code == 302
    body = Post.objects.get().body
    assert "<p>Kept</p>" in body
    for active in ("<script", "onclick", "javascript:"):
        assert active not in body


def test_post_saved_with_no_category_is_filed_under_uncategorized(admin_client, admin_user):
    response = admin_client.post(ADD_URL, form_data(admin_user))
    assert response.status_code == 302
    post = Post.objects.get()
    uncategorized = Category.objects.get(slug="uncategorized")
    assert list(post.categories.all()) == [uncategorized]
    assert post.primary_category == uncategorized


def test_post_saved_with_categories_gets_the_first_as_primary(admin_client, admin_user):
    alpha, beta = make_category("Alpha"), make_category("Beta")
    admin_client.post(ADD_URL, form_data(admin_user, categories=[alpha.pk, beta.pk]))
    post = Post.objects.get()
    assert set(post.categories.all()) == {alpha, beta}
    assert post.primary_category in {alpha, beta}
    assert not post.categories.filter(slug="uncategorized").exists()


def test_post_change_page_sends_a_content_security_policy(admin_client):
    post = make_post()
    response = admin_client.get(change_url(post))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    (script_src,) = [d for d in policy.split(";") if d.strip().startswith("script-src")]
    assert "'unsafe-inline'" not in script_src


# Actions


def test_publish_now_action_publishes_the_selected_drafts(admin_client):
    drafts = [make_post(status=Post.Status.DRAFT) for _ in range(2)]
    untouched = make_post(status=Post.Status.DRAFT)
    response = run_action(admin_client, "publish_now", drafts)
    assert response.status_code == 302
    for post in drafts:
        post.refresh_from_db()
        assert post.is_published
    untouched.refresh_from_db()
    assert untouched.status == Post.Status.DRAFT


def test_publish_now_action_brings_a_scheduled_post_forward(admin_client):
    post = make_post(
        status=Post.Status.DRAFT, published_at=timezone.now() + timezone.timedelta(days=3)
    )
    run_action(admin_client, "publish_now", [post])
    post.refresh_from_db()
    assert post.is_published


def test_move_back_to_draft_action_unpublishes_the_selected_posts(admin_client):
    posts = [make_post() for _ in range(2)]
    response = run_action(admin_client, "back_to_draft", posts)
    assert response.status_code == 302
    for post in posts:
        post.refresh_from_db()
        assert post.status == Post.Status.DRAFT
    assert not Post.objects.published().exists()


# Authors: their own posts only


def test_view_on_site_shows_an_author_their_own_draft(client, wendy):
    draft = make_post("Work in progress", author=wendy, status=Post.Status.DRAFT)
    client.force_login(wendy)
    change_page = client.get(change_url(draft))
    match = re.search(r'<a href="([^"]+)" class="viewsitelink"', change_page.text)
    assert match, "no 'view on site' link on the change page"

    response = client.get(unescape(match.group(1)), follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == draft.get_absolute_url()
    assert "Work in progress" in response.text


def test_author_sees_only_their_own_posts_in_the_list(client, wendy, arthur):
    make_post("Wendy's post", author=wendy)
    make_post("Arthur's post", author=arthur)
    client.force_login(wendy)
    assert titles_listed(client.get(POSTS_URL)) == {"Wendy's post"}


def test_author_cannot_open_another_authors_post(client, wendy, arthur):
    theirs = make_post("Arthur's secret draft", author=arthur, status=Post.Status.DRAFT)
    client.force_login(wendy)
    response = client.get(change_url(theirs))
    assert response.status_code in (302, 403, 404)
    assert "Arthur's secret draft" not in response.text


def test_author_cannot_change_another_authors_post(client, wendy, arthur):
    theirs = make_post("Arthur's title", author=arthur)
    client.force_login(wendy)
    response = client.post(change_url(theirs), data_of(theirs, title="Defaced"))
    assert response.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.title == "Arthur's title"


def test_author_cannot_delete_another_authors_post(client, wendy, arthur):
    theirs = make_post(author=arthur)
    client.force_login(wendy)
    response = client.post(delete_url(theirs), {"post": "yes"})
    assert response.status_code in (302, 403, 404)
    assert Post.objects.filter(pk=theirs.pk).exists()


def test_author_cannot_delete_another_authors_post_with_the_bulk_action(client, wendy, arthur):
    theirs = make_post(author=arthur)
    client.force_login(wendy)
    client.post(
        POSTS_URL,
        {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"},
    )
    assert Post.objects.filter(pk=theirs.pk).exists()


def test_author_can_delete_their_own_post(client, wendy):
    mine = make_post(author=wendy)
    client.force_login(wendy)
    response = client.post(delete_url(mine), {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=mine.pk).exists()


def test_author_adding_a_post_as_someone_else_is_recorded_as_its_author(client, wendy, arthur):
    client.force_login(wendy)
    response = client.post(ADD_URL, form_data(arthur, title="Whose post?"))
    assert response.status_code == 302
    assert Post.objects.get(title="Whose post?").author == wendy


def test_author_cannot_hand_their_post_to_another_author(client, wendy, arthur):
    mine = make_post("Mine", author=wendy)
    client.force_login(wendy)
    response = client.post(change_url(mine), data_of(mine, author=arthur.pk, title="Still mine"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.title, mine.author) == ("Still mine", wendy)


def test_author_cannot_add_categories(client, wendy):
    client.force_login(wendy)
    response = client.post(f"{CATEGORIES_URL}add/", {"name": "Mine", "slug": "mine"})
    assert response.status_code == 403
    assert not Category.objects.filter(slug="mine").exists()


def test_author_cannot_change_categories(client, wendy):
    category = make_category("Fixed name")
    client.force_login(wendy)
    response = client.post(
        f"{CATEGORIES_URL}{category.pk}/change/",
        {"name": "Renamed", "slug": category.slug, "parent": "", "description": ""},
    )
    assert response.status_code == 403
    category.refresh_from_db()
    assert category.name == "Fixed name"


# Editors: everyone's posts, and the categories


def test_editor_sees_every_authors_posts(client, edna, wendy, arthur):
    make_post("Wendy's post", author=wendy)
    make_post("Arthur's post", author=arthur)
    client.force_login(edna)
    assert titles_listed(client.get(POSTS_URL)) == {"Wendy's post", "Arthur's post"}


def test_editor_can_change_another_authors_post(client, edna, wendy):
    theirs = make_post("Typo in titel", author=wendy)
    client.force_login(edna)
    response = client.post(change_url(theirs), data_of(theirs, title="Typo in title"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.title, theirs.author) == ("Typo in title", wendy)


def test_editor_can_reassign_a_post_to_another_author(client, edna, wendy, arthur):
    post = make_post(author=wendy)
    client.force_login(edna)
    client.post(change_url(post), data_of(post, author=arthur.pk))
    post.refresh_from_db()
    assert post.author == arthur


def test_editor_can_add_a_category(client, edna):
    client.force_login(edna)
    response = client.post(
        f"{CATEGORIES_URL}add/", {"name": "Recipes", "slug": "recipes", "description": ""}
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="recipes").exists()


def test_editor_can_change_a_category(client, edna):
    category = make_category("Old name")
    client.force_login(edna)
    response = client.post(
        f"{CATEGORIES_URL}{category.pk}/change/",
        {"name": "New name", "slug": category.slug, "parent": "", "description": ""},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name == "New name"


# The category list


def test_category_list_shows_the_tree_with_indented_names(admin_client):
    technology = make_category("Technology")
    web = make_category("The Web", parent=technology)
    make_category("Browsers", parent=web)
    names = [row["indented_name"] for row in changelist(admin_client.get(CATEGORIES_URL)).rows]
    assert names[names.index("Technology") :][:3] == ["Technology", "— The Web", "— — Browsers"]


def test_category_list_counts_each_categorys_published_posts(admin_client):
    busy, quiet = make_category("Busy"), make_category("Quiet")
    make_post(categories=[busy])
    make_post(categories=[busy, quiet])
    make_post(categories=[quiet], status=Post.Status.DRAFT)
    rows = changelist(admin_client.get(CATEGORIES_URL)).rows
    counts = {row["indented_name"]: row["post_count"] for row in rows}
    assert (counts["Busy"], counts["Quiet"]) == ("2", "1")


def categories_with_posts(count, author):
    parent = None
    for n in range(count):
        category = make_category(parent=parent if n % 3 else None)
        make_post(author=author, categories=[category])
        parent = category


def test_category_list_takes_a_fixed_number_of_queries(
    admin_client, admin_user, django_assert_max_num_queries
):
    categories_with_posts(2, admin_user)
    with django_assert_max_num_queries(10) as few:
        admin_client.get(CATEGORIES_URL)
    categories_with_posts(18, admin_user)
    assert Category.objects.count() >= 20
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(CATEGORIES_URL)
    assert len(changelist(response).rows) == Category.objects.count()
