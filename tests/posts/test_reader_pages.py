"""What a reader sees: who may see a post, where it lives, and how the lists are built."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from posts.models import Post
from tests.conftest import make_category, make_post, make_tag, make_user

pytestmark = pytest.mark.django_db

HIDDEN_KINDS = ["draft", "pending", "private", "scheduled"]


def on(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_hidden_post(kind, **fields):
    """A post the public must not see: not published, or published in the future."""
    if kind == "scheduled":
        return make_post(published_at=timezone.now() + timedelta(days=2), **fields)
    fields.setdefault("published_at", on(2024, 3, 15))
    return make_post(status=Post.Status(kind), **fields)


def main_content(response):
    """The page's <main>: the navigation lists category names on every page."""
    return re.search(r"<main\b.*?</main>", response.text, re.S).group(0)


def breadcrumb(response):
    return re.search(r'<nav aria-label="Breadcrumb".*?</nav>', response.text, re.S).group(0)


def assert_in_order(text, *parts):
    assert [p for p in parts if p not in text] == []
    positions = [text.index(p) for p in parts]
    assert positions == sorted(positions)


def assert_redirects_permanently(response, location):
    assert response.status_code == 301
    assert response["Location"] == location


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


# Visibility --------------------------------------------------------------------------------


def test_published_means_status_published_and_publication_time_not_in_the_future():
    published = make_post("Out now", published_at=timezone.now() - timedelta(seconds=1))
    for kind in HIDDEN_KINDS:
        make_hidden_post(kind, title=f"Hidden {kind}")

    assert list(Post.objects.published()) == [published]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_hidden_post_is_404_at_its_permalink_for_anonymous_readers(client, kind):
    post = make_hidden_post(kind)

    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_hidden_post_is_404_at_its_permalink_for_signed_in_readers_who_are_not_staff(client, kind):
    post = make_hidden_post(kind)
    client.force_login(make_user())

    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("page", ["home", "category", "tag", "author"])
@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_hidden_post_is_absent_from_listing_pages(client, kind, page):
    category, tag, writer = make_category("Gardening"), make_tag("roses"), make_user("gardener")
    filed = {"author": writer, "categories": [category], "tags": [tag]}
    hidden = make_hidden_post(kind, title="Secret Hidden Entry", **filed)
    visible = make_post("Public Entry", **filed)
    url = {
        "home": "/",
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": f"/author/{writer.username}/",
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    assert visible.title in main_content(response)
    assert hidden.title not in response.text
    assert hidden.get_absolute_url() not in response.text


@pytest.mark.parametrize("archive", ["year", "month", "day"])
@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_hidden_post_is_absent_from_its_date_archives(client, kind, archive):
    hidden = make_hidden_post(kind, title="Secret Hidden Entry")
    if not hidden.is_scheduled:
        make_post("Public Entry", published_at=hidden.published_at + timedelta(hours=1))
    day = timezone.localdate(hidden.published_at)
    url = {"year": f"/{day:%Y}/", "month": f"/{day:%Y/%m}/", "day": f"/{day:%Y/%m/%d}/"}[archive]

    response = client.get(url)

    assert response.status_code in (200, 404)
    assert hidden.title not in response.text


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_superuser_can_preview_a_hidden_post_marked_preview_and_noindex(admin_client, kind):
    post = make_hidden_post(kind, title="Work in progress")

    response = admin_client.get(post.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Work in progress")
    assertContains(response, "Preview")
    assertContains(response, '<meta name="robots" content="noindex')


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_editor_can_preview_another_authors_hidden_post(client, kind):
    post = make_hidden_post(kind, title="Someone else's work", author=make_user(groups=["Authors"]))
    client.force_login(make_user(groups=["Editors"]))

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Preview")
    assertContains(response, '<meta name="robots" content="noindex')


def test_author_can_preview_their_own_draft(client):
    writer = make_user(groups=["Authors"])
    post = make_hidden_post("draft", title="My own draft", author=writer)
    client.force_login(writer)

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "My own draft")
    assertContains(response, "Preview")
    assertContains(response, '<meta name="robots" content="noindex')


def test_author_gets_404_for_another_authors_draft(client):
    post = make_hidden_post("draft", author=make_user(groups=["Authors"]))
    client.force_login(make_user(groups=["Authors"]))

    assert client.get(post.get_absolute_url()).status_code == 404


def test_published_post_is_not_marked_as_preview_or_noindex(admin_client):
    post = make_post("Live and public")

    response = admin_client.get(post.get_absolute_url())

    assert response.status_code == 200
    assertNotContains(response, "Preview")
    assertNotContains(response, 'content="noindex')


# Permalinks --------------------------------------------------------------------------------


def test_permalink_is_publication_date_and_slug(client):
    post = make_post("Hello world", published_at=on(2024, 3, 15))

    response = client.get("/2024/03/15/hello-world/")

    assert post.get_absolute_url() == "/2024/03/15/hello-world/"
    assert response.status_code == 200
    assertContains(response, "Hello world")


@pytest.mark.parametrize(
    "wrong_date", ["2024/03/16", "2023/03/15", "2024/04/15", "2026/13/45", "0000/00/00"]
)
def test_right_slug_with_wrong_date_redirects_permanently_to_the_permalink(client, wrong_date):
    make_post("Hello world", published_at=on(2024, 3, 15))

    response = client.get(f"/{wrong_date}/hello-world/")

    assert_redirects_permanently(response, "/2024/03/15/hello-world/")


def test_unknown_slug_is_404(client):
    make_post("Hello world", published_at=on(2024, 3, 15))

    assert client.get("/2024/03/15/goodbye-world/").status_code == 404


def test_non_ascii_slug_is_kept_from_the_title():
    post = make_post("Café Ünïcode", published_at=on(2024, 3, 15))

    assert post.slug == "café-ünïcode"
    assert post.get_absolute_url() == f"/2024/03/15/{quote('café-ünïcode')}/"


def test_non_ascii_slug_resolves_at_its_percent_encoded_permalink(client):
    make_post("Café Ünïcode", published_at=on(2024, 3, 15))

    response = client.get(f"/2024/03/15/{quote('café-ünïcode')}/")

    assert response.status_code == 200
    assertContains(response, "Café Ünïcode")


def test_same_slug_on_different_days_both_resolve(client):
    first = make_post("Weekly notes", published_at=on(2024, 3, 15))
    second = make_post("Weekly notes", published_at=on(2024, 3, 22), body="<p>Second week</p>")

    assert first.slug == second.slug == "weekly-notes"
    assert client.get("/2024/03/15/weekly-notes/").status_code == 200
    assertContains(client.get("/2024/03/22/weekly-notes/"), "Second week")


def test_same_slug_on_the_same_day_gets_a_numeric_suffix(client):
    make_post("Daily notes", published_at=on(2024, 3, 15, 9))
    second = make_post("Daily notes", published_at=on(2024, 3, 15, 18), body="<p>Evening</p>")

    assert second.slug == "daily-notes-2"
    assertContains(client.get("/2024/03/15/daily-notes-2/"), "Evening")
    assertNotContains(client.get("/2024/03/15/daily-notes/"), "Evening")


# /?p=<id> ----------------------------------------------------------------------------------


def test_legacy_post_id_query_redirects_permanently_to_the_permalink(client):
    post = make_post("Imported from WordPress", published_at=on(2024, 3, 15))

    response = client.get(f"/?p={post.pk}")

    assert_redirects_permanently(response, "/2024/03/15/imported-from-wordpress/")


@pytest.mark.parametrize("value", ["abc", "", "1x", "-1", "1.0"])
def test_legacy_post_id_query_that_is_not_a_number_is_404(client, value):
    make_post()

    assert client.get("/", {"p": value}).status_code == 404


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_legacy_post_id_query_for_a_hidden_post_is_404(client, kind):
    post = make_hidden_post(kind)

    assert client.get(f"/?p={post.pk}").status_code == 404


def test_legacy_post_id_query_with_a_non_ascii_digit_is_404(client):
    make_post()
    client.raise_request_exception = False

    assert client.get("/", {"p": "²"}).status_code == 404


def test_legacy_post_id_query_for_an_unknown_id_is_404(client):
    assert client.get("/?p=987654").status_code == 404


# Home --------------------------------------------------------------------------------------


def test_home_lists_sticky_posts_first_then_newest_first(client):
    make_post("Old news", published_at=on(2024, 1, 1))
    make_post("Pinned long ago", published_at=on(2023, 1, 1), sticky=True)
    make_post("Fresh news", published_at=on(2024, 6, 1))
    make_post("Pinned lately", published_at=on(2023, 6, 1), sticky=True)

    main = main_content(client.get("/"))

    assert_in_order(main, "Pinned lately", "Pinned long ago", "Fresh news", "Old news")


def test_home_shows_the_ten_newest_posts(client):
    posts = [make_post(f"Entry {n:02d}", published_at=on(2024, 1, n)) for n in range(1, 13)]

    main = main_content(client.get("/"))

    assert [p.title for p in posts if p.title in main] == [f"Entry {n:02d}" for n in range(3, 13)]


def test_home_page_2_shows_the_older_posts(client):
    posts = [make_post(f"Entry {n:02d}", published_at=on(2024, 1, n)) for n in range(1, 13)]

    response = client.get("/page/2/")

    assert response.status_code == 200
    main = main_content(response)
    assert [p.title for p in posts if p.title in main] == ["Entry 01", "Entry 02"]


@pytest.mark.parametrize("where", ["home", "category"])
def test_deep_pages_show_the_same_posts_in_the_same_order(
    client, settings, monkeypatch, django_assert_max_num_queries, where
):
    """Pages past `DeepPagesPaginator.deep` read their posts by id: nothing changes for
    the reader, sticky posts and posts filed twice included."""
    from posts.pagination import DeepPagesPaginator

    settings.PAGE_CACHE_ENABLED = False  # every page rendered, not served again
    parent = make_category("Deep")
    child = make_category("Deeper", parent=parent)
    for n in range(1, 36):
        make_post(
            f"Entry {n:02d}",
            published_at=on(2024, 1, 1) + timedelta(hours=n),
            categories=[parent, child] if n % 3 else [child],
            sticky=n == 7,
        )
    base = "/" if where == "home" else parent.get_absolute_url()

    def shown(number):
        page = client.get(base if number == 1 else f"{base}page/{number}/")
        return [post.title for post in page.context_data["object_list"]]

    shallow = [shown(n) for n in (1, 2, 3, 4)]
    monkeypatch.setattr(DeepPagesPaginator, "deep", 10)
    shown(3)
    with django_assert_max_num_queries(3):
        deep = shown(3)
    assert deep == shallow[2]
    assert [shown(n) for n in (1, 2, 3, 4)] == shallow
    assert len(shallow[3]) == 5
    assert sum(shallow, []) == sorted(
        sum(shallow, []), key=lambda title: (title != "Entry 07", -int(title.split()[1]))
    )


def test_home_links_to_the_next_page_of_older_posts(client):
    for n in range(1, 12):
        make_post(f"Entry {n:02d}", published_at=on(2024, 1, n))

    assertContains(client.get("/"), 'href="/page/2/"')


def test_home_page_1_redirects_permanently_to_home(client):
    make_post()

    assert_redirects_permanently(client.get("/page/1/"), "/")


def test_home_page_query_parameter_redirects_permanently_to_the_page_path(client):
    for n in range(1, 12):
        make_post(published_at=on(2024, 1, n))

    assert_redirects_permanently(client.get("/?page=2"), "/page/2/")


@pytest.mark.parametrize(
    "url", ["/?page=abc", "/?page=0", "/?page=-1", "/?page=", "/page/0/", "/page/99999/"]
)
def test_home_page_that_does_not_exist_is_404(client, url):
    make_post()

    assert client.get(url).status_code == 404


def test_home_page_query_with_a_non_ascii_digit_is_404(client):
    make_post()
    client.raise_request_exception = False

    assert client.get("/", {"page": "²"}).status_code == 404


def test_home_card_shows_title_date_author_primary_category_and_excerpt(client, author):
    category = make_category("Travel")
    make_post(
        "A week in Lisbon",
        author=author,
        categories=[category],
        published_at=on(2024, 3, 15),
        excerpt="Trams, tiles and custard tarts.",
    )

    main = main_content(client.get("/"))

    assert "A week in Lisbon" in main
    assert "March 15, 2024" in main
    assert 'href="/author/writer/"' in main
    assert "Wendy Writer" in main
    assert 'href="/category/travel/"' in main
    assert "Trams, tiles and custard tarts." in main


# Categories --------------------------------------------------------------------------------


@pytest.fixture
def world():
    """News > World > Europe, and News > Sports."""
    news = make_category("News", description="What happened, as it happened.")
    world = make_category("World", parent=news, description="Everything beyond our borders.")
    return {
        "news": news,
        "world": world,
        "europe": make_category("Europe", parent=world),
        "sports": make_category("Sports", parent=news),
    }


def test_category_page_lists_posts_of_the_category_and_all_its_descendants(client, world):
    make_post("Front page story", categories=[world["news"]])
    make_post("Global story", categories=[world["world"]])
    make_post("Brussels story", categories=[world["europe"]])
    make_post("Match report", categories=[world["sports"]])
    make_post("Unfiled story")

    response = client.get("/category/news/")

    assert response.status_code == 200
    main = main_content(response)
    for title in ["Front page story", "Global story", "Brussels story", "Match report"]:
        assert title in main
    assert "Unfiled story" not in main


def test_child_category_page_does_not_list_its_siblings_or_parents_posts(client, world):
    make_post("Front page story", categories=[world["news"]])
    make_post("Global story", categories=[world["world"]])
    make_post("Match report", categories=[world["sports"]])

    main = main_content(client.get("/category/news/world/"))

    assert "Global story" in main
    assert "Match report" not in main
    assert "Front page story" not in main


def test_post_in_two_categories_is_listed_once_on_their_common_parent(client, world):
    make_post("Olympics in Paris", categories=[world["europe"], world["sports"]])

    main = main_content(client.get("/category/news/"))

    assert main.count("Olympics in Paris") == 1


def test_category_page_shows_the_category_description(client, world):
    assertContains(client.get("/category/news/world/"), "Everything beyond our borders.")


def test_category_page_breadcrumb_lists_its_ancestors_from_the_top(client, world):
    crumbs = breadcrumb(client.get("/category/news/world/europe/"))

    assert_in_order(
        crumbs, 'href="/"', 'href="/category/news/"', 'href="/category/news/world/"', "Europe"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/category/nowhere/",
        "/category/news/nowhere/",
        "/category/world/",
        "/category/news/europe/",
        "/category/europe/world/news/",
    ],
)
def test_category_path_that_does_not_exist_is_404(client, world, url):
    assert client.get(url).status_code == 404


def test_category_page_2_lists_the_older_posts(client, world):
    for n in range(1, 12):
        make_post(f"Entry {n:02d}", categories=[world["europe"]], published_at=on(2024, 1, n))

    response = client.get("/category/news/world/page/2/")

    assert response.status_code == 200
    main = main_content(response)
    assert "Entry 01" in main
    assert "Entry 02" not in main


def test_category_page_1_redirects_permanently_to_the_category(client, world):
    assert_redirects_permanently(client.get("/category/news/page/1/"), "/category/news/")


def test_post_without_a_category_is_filed_under_uncategorized(client):
    post = make_post("Loose thoughts")

    assert [c.slug for c in post.categories.all()] == ["uncategorized"]
    assert "Loose thoughts" in main_content(client.get("/category/uncategorized/"))


def test_uncategorized_post_shows_uncategorized_in_its_breadcrumb(client):
    post = make_post("Loose thoughts")

    crumbs = breadcrumb(client.get(post.get_absolute_url()))

    assert 'href="/category/uncategorized/"' in crumbs
    assert "Uncategorized" in crumbs


# Post detail -------------------------------------------------------------------------------


def test_post_breadcrumb_is_home_ancestors_primary_category_then_title(client, world):
    post = make_post("Olympics in Paris", categories=[world["europe"], world["sports"]])
    post.primary_category = world["europe"]
    post.save()

    crumbs = breadcrumb(client.get(post.get_absolute_url()))

    assert_in_order(crumbs, "Home", "News", "World", "Europe", "Olympics in Paris")
    assert "Sports" not in crumbs


def test_post_breadcrumb_carries_breadcrumblist_microdata(client, world):
    post = make_post("Brussels story", categories=[world["europe"]])

    crumbs = breadcrumb(client.get(post.get_absolute_url()))

    assert 'itemtype="https://schema.org/BreadcrumbList"' in crumbs
    assert crumbs.count('itemtype="https://schema.org/ListItem"') == 5
    positions = re.findall(r'itemprop="position" content="(\d+)"', crumbs)
    assert positions == ["1", "2", "3", "4", "5"]


def test_post_footer_links_to_its_categories(client, world):
    post = make_post("Olympics in Paris", categories=[world["europe"], world["sports"]])

    response = client.get(post.get_absolute_url())

    assertContains(response, "Categories:")
    assertContains(
        response, '<a href="/category/news/world/europe/" rel="category tag">Europe</a>', html=True
    )
    assertContains(
        response, '<a href="/category/news/sports/" rel="category tag">Sports</a>', html=True
    )


def test_post_footer_links_to_its_tags(client):
    post = make_post("Olympics in Paris", tags=[make_tag("running"), make_tag("swimming")])

    response = client.get(post.get_absolute_url())

    assertContains(response, "Tags:")
    assertContains(response, '<a href="/tag/running/" rel="tag">running</a>', html=True)
    assertContains(response, '<a href="/tag/swimming/" rel="tag">swimming</a>', html=True)


def test_post_links_to_the_previous_and_next_published_posts(client):
    older = make_post("The older one", published_at=on(2024, 3, 1))
    post = make_post("The middle one", published_at=on(2024, 3, 2))
    newer = make_post("The newer one", published_at=on(2024, 3, 3))

    response = client.get(post.get_absolute_url())

    assertContains(response, f'rel="prev" href="{older.get_absolute_url()}"')
    assertContains(response, f'rel="next" href="{newer.get_absolute_url()}"')


@pytest.mark.parametrize("kind", ["draft", "pending", "private"])
def test_post_neighbour_links_skip_posts_that_are_not_published(client, kind):
    older = make_post("The older one", published_at=on(2024, 3, 1))
    hidden_before = make_hidden_post(kind, published_at=on(2024, 3, 2))
    post = make_post("The middle one", published_at=on(2024, 3, 3))
    hidden_after = make_hidden_post(kind, published_at=on(2024, 3, 4))
    newer = make_post("The newer one", published_at=on(2024, 3, 5))

    response = client.get(post.get_absolute_url())

    assertContains(response, f'rel="prev" href="{older.get_absolute_url()}"')
    assertContains(response, f'rel="next" href="{newer.get_absolute_url()}"')
    assertNotContains(response, hidden_before.get_absolute_url())
    assertNotContains(response, hidden_after.get_absolute_url())


def test_newest_post_has_no_next_link_to_a_scheduled_post(client):
    post = make_post("Newest public post")
    scheduled = make_hidden_post("scheduled", title="Coming soon")

    response = client.get(post.get_absolute_url())

    assertNotContains(response, 'rel="next"')
    assertNotContains(response, scheduled.get_absolute_url())


def test_post_body_html_is_rendered_as_html(client):
    post = make_post(
        body='<p>Hello <strong>bold</strong> <a href="https://example.com/">link</a></p>'
    )

    response = client.get(post.get_absolute_url())

    assertContains(response, "<strong>bold</strong>")
    assertNotContains(response, "&lt;strong&gt;")


def test_post_body_is_sanitized_of_scripts_and_event_handlers(client):
    post = make_post(
        body='<p>Safe words</p><script>alert("owned")</script>'
        '<img src="/x.png" onerror="steal()"><a href="javascript:steal()">click</a>'
    )

    response = client.get(post.get_absolute_url())

    assertContains(response, "Safe words")
    assertNotContains(response, 'alert("owned")')
    assertNotContains(response, "onerror")
    assertNotContains(response, "javascript:")


# Tags, authors and date archives -----------------------------------------------------------


def test_tag_page_lists_only_posts_with_that_tag(client):
    roses = make_tag("roses")
    make_post("Pruning roses", tags=[roses])
    make_post("Planting tulips", tags=[make_tag("tulips")])

    response = client.get("/tag/roses/")

    assert response.status_code == 200
    main = main_content(response)
    assert "Pruning roses" in main
    assert "Planting tulips" not in main


def test_unknown_tag_is_404(client):
    make_tag("roses")

    assert client.get("/tag/lilies/").status_code == 404


def test_author_page_lists_only_that_authors_posts(client, author):
    make_post("Written by Wendy", author=author)
    make_post("Written by someone else")

    response = client.get("/author/writer/")

    assert response.status_code == 200
    main = main_content(response)
    assert "Written by Wendy" in main
    assert "Written by someone else" not in main


def test_unknown_author_is_404(client):
    make_post()

    assert client.get("/author/nobody-by-that-name/").status_code == 404


@pytest.fixture
def dated_posts():
    return [
        make_post("Ides of March", published_at=on(2024, 3, 15)),
        make_post("Day after the Ides", published_at=on(2024, 3, 16)),
        make_post("April showers", published_at=on(2024, 4, 10)),
        make_post("Last year", published_at=on(2023, 3, 15)),
    ]


def test_year_archive_lists_the_posts_of_that_year(client, dated_posts):
    response = client.get("/2024/")

    assert response.status_code == 200
    main = main_content(response)
    for title in ["Ides of March", "Day after the Ides", "April showers"]:
        assert title in main
    assert "Last year" not in main


def test_month_archive_lists_the_posts_of_that_month(client, dated_posts):
    response = client.get("/2024/03/")

    assert response.status_code == 200
    main = main_content(response)
    assert "Ides of March" in main
    assert "Day after the Ides" in main
    assert "April showers" not in main
    assert "Last year" not in main


def test_day_archive_lists_the_posts_of_that_day(client, dated_posts):
    response = client.get("/2024/03/15/")

    assert response.status_code == 200
    main = main_content(response)
    assert "Ides of March" in main
    assert "Day after the Ides" not in main
    assert "Last year" not in main


@pytest.mark.parametrize(
    "url", ["/2022/", "/2024/02/", "/2024/03/14/", "/2024/13/", "/2024/02/31/"]
)
def test_empty_or_impossible_date_archive_is_404(client, dated_posts, url):
    assert client.get(url).status_code == 404


# Password-protected posts ------------------------------------------------------------------

SECRET_BODY = "The treasure is buried under the old oak."


@pytest.fixture
def protected_post():
    return make_post(
        "Members only",
        password="open sesame",
        body=f"<p>{SECRET_BODY}</p>",
        excerpt="A teaser that only members may read.",
    )


def test_protected_post_is_listed_on_home_without_its_excerpt(client, protected_post):
    main = main_content(client.get("/"))

    assert "Members only" in main
    assert "A teaser that only members may read." not in main
    assert SECRET_BODY not in main


def test_protected_post_permalink_shows_the_title_and_a_password_form_not_the_body(
    client, protected_post
):
    response = client.get(protected_post.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Members only")
    assertContains(response, 'name="password"')
    assertNotContains(response, SECRET_BODY)
    assertNotContains(response, "A teaser that only members may read.")


def test_wrong_password_shows_the_form_again_with_an_error_and_403(client, protected_post):
    url = protected_post.get_absolute_url()
    token = csrf_token(client.get(url))

    response = client.post(url, {"csrfmiddlewaretoken": token, "password": "guess"})

    assert response.status_code == 403
    assertContains(response, "That password is not right", status_code=403)
    assertContains(response, 'name="password"', status_code=403)
    assertNotContains(response, SECRET_BODY, status_code=403)


def test_right_password_redirects_to_the_post_and_shows_the_body(client, protected_post):
    url = protected_post.get_absolute_url()
    token = csrf_token(client.get(url))

    response = client.post(url, {"csrfmiddlewaretoken": token, "password": "open sesame"})

    assert response.status_code == 302
    assert response["Location"] == url
    unlocked = client.get(url)
    assertContains(unlocked, SECRET_BODY)
    assertNotContains(unlocked, 'name="password"')


def test_right_password_unlocks_the_post_for_that_session_only(client, protected_post):
    url = protected_post.get_absolute_url()
    client.post(
        url, {"csrfmiddlewaretoken": csrf_token(client.get(url)), "password": "open sesame"}
    )

    other_reader = Client()
    response = other_reader.get(url)

    assertContains(response, 'name="password"')
    assertNotContains(response, SECRET_BODY)


def test_password_form_works_with_csrf_checks_enforced(protected_post):
    browser = Client(enforce_csrf_checks=True)
    url = protected_post.get_absolute_url()
    token = csrf_token(browser.get(url))

    response = browser.post(url, {"csrfmiddlewaretoken": token, "password": "open sesame"})

    assert response.status_code == 302
    assertContains(browser.get(url), SECRET_BODY)


def test_password_post_without_csrf_token_is_refused(protected_post):
    browser = Client(enforce_csrf_checks=True)
    url = protected_post.get_absolute_url()
    browser.get(url)

    response = browser.post(url, {"password": "open sesame"})

    assert response.status_code == 403
    assertNotContains(browser.get(url), SECRET_BODY)


# Not found ---------------------------------------------------------------------------------


def test_unknown_url_renders_the_sites_404_page(client):
    response = client.get("/no/such/page/here/")

    assert response.status_code == 404
    assertContains(response, "<h1>Nothing here</h1>", status_code=404, html=True)
    assertContains(response, '<p class="site-title">', status_code=404)


def test_unknown_post_renders_the_sites_404_page(client):
    response = client.get("/2024/03/15/no-such-post/")

    assertContains(response, "Nothing here", status_code=404)
