"""Public reads show exactly what the public pages show, in WordPress's shape."""

import pytest
from django.utils import timezone

from core.site_url import absolute
from posts.models import Post
from tests.conftest import make_category, make_post, make_tag, make_user

from .conftest import client_for

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["title"]["rendered"] for item in response.json()]


def test_the_list_shows_the_posts_the_home_page_shows_in_its_order(api, client):
    for n in range(12):
        make_post(f"Post {n}", published_at=timezone.now() - timezone.timedelta(hours=n + 1))
    make_post("Pinned", sticky=True, published_at=timezone.now() - timezone.timedelta(days=9))
    home_page = client.get("/").context_data["page_obj"]
    response = api.get("/wp-json/wp/v2/posts")
    listed = titles(response)
    assert listed == [p.title for p in home_page]
    assert listed[0] == "Pinned" and len(listed) == 10
    assert response["X-WP-Total"] == str(home_page.paginator.count) == "13"
    second = [p.title for p in client.get("/page/2/").context_data["page_obj"]]
    assert titles(api.get("/wp-json/wp/v2/posts?page=2")) == second


def test_drafts_private_pending_and_scheduled_posts_never_leak(api):
    make_post("Public")
    make_post("Draft", status=Post.Status.DRAFT)
    make_post("Pending", status=Post.Status.PENDING)
    make_post("Private", status=Post.Status.PRIVATE)
    scheduled = make_post("Later", published_at=timezone.now() + timezone.timedelta(days=1))
    assert titles(api.get("/wp-json/wp/v2/posts")) == ["Public"]
    hidden = Post.objects.exclude(title="Public")
    for post in hidden:
        response = api.get(f"/wp-json/wp/v2/posts/{post.pk}")
        assert response.status_code == 404
        assert response.json()["code"] == "rest_post_invalid_id"
    assert api.get("/wp-json/wp/v2/posts?status=draft").status_code == 400
    assert api.get(f"/wp-json/wp/v2/posts?include={scheduled.pk}").json() == []


def test_a_protected_post_shows_its_title_but_never_its_body(api):
    post = make_post("Locked", password="secret", body="<p>Hidden words</p>")
    item = api.get(f"/wp-json/wp/v2/posts/{post.pk}").json()
    assert item["title"]["rendered"] == "Locked"
    assert item["content"] == {"rendered": "", "protected": True}
    assert item["excerpt"] == {"rendered": "", "protected": True}
    assert "Hidden" not in api.get("/wp-json/wp/v2/posts").content.decode()


def test_a_post_has_wordpress_field_names(api):
    category, tag = make_category("News"), make_tag("django")
    post = make_post("Hello <there>", categories=[category], tags=[tag], body="<p>Hi</p>")
    item = api.get(f"/wp-json/wp/v2/posts/{post.pk}").json()
    assert item["id"] == post.pk
    assert item["title"] == {"rendered": "Hello &lt;there&gt;"}
    assert item["content"] == {"rendered": post.body_html, "protected": False}
    assert item["status"] == "publish" and item["type"] == "post"
    assert item["link"] == absolute(post.get_absolute_url())
    assert item["categories"] == [category.pk] and item["tags"] == [tag.pk]
    assert item["author"] == post.author_id and item["featured_media"] == 0
    assert item["date_gmt"] == post.published_at.astimezone(timezone.UTC).strftime(
        "%Y-%m-%dT%H:%M:%S"
    )
    assert "raw" not in item["content"]


def test_pagination_headers_and_per_page(api):
    for _ in range(7):
        make_post()
    response = api.get("/wp-json/wp/v2/posts?per_page=3&page=3")
    assert response["X-WP-Total"] == "7" and response["X-WP-TotalPages"] == "3"
    assert len(response.json()) == 1
    assert api.get("/wp-json/wp/v2/posts?per_page=3&page=4").json()["code"] == (
        "rest_post_invalid_page_number"
    )
    too_many = api.get("/wp-json/wp/v2/posts?per_page=101")
    assert too_many.status_code == 400 and too_many.json()["code"] == "rest_invalid_param"
    assert api.get("/wp-json/wp/v2/posts?per_page=100").status_code == 200


def test_embed_brings_the_author_and_the_terms(api):
    writer = make_user("wendy", first_name="Wendy", last_name="Writer")
    category, tag = make_category("News"), make_tag("django")
    make_post(author=writer, categories=[category], tags=[tag])
    item = api.get("/wp-json/wp/v2/posts?_embed").json()[0]
    assert item["_embedded"]["author"][0]["name"] == "Wendy Writer"
    assert "email" not in item["_embedded"]["author"][0]
    cats, tags = item["_embedded"]["wp:term"]
    assert [c["name"] for c in cats] == ["News"] and [t["slug"] for t in tags] == ["django"]
    assert "_embedded" not in api.get("/wp-json/wp/v2/posts").json()[0]


def test_filters_by_category_tag_author_and_search(api):
    news, tag = make_category("News"), make_tag("kittens")
    writer = make_user()
    make_post("In news", categories=[news])
    make_post("Tagged", tags=[tag])
    make_post("By writer", author=writer)
    make_post("About zebras", body="<p>Stripes everywhere</p>")
    assert titles(api.get(f"/wp-json/wp/v2/posts?categories={news.pk}")) == ["In news"]
    assert titles(api.get(f"/wp-json/wp/v2/posts?tags[]={tag.pk}")) == ["Tagged"]
    assert titles(api.get(f"/wp-json/wp/v2/posts?author={writer.pk}")) == ["By writer"]
    assert titles(api.get("/wp-json/wp/v2/posts?search=stripes")) == ["About zebras"]
    bad = api.get("/wp-json/wp/v2/posts?categories=abc")
    assert bad.status_code == 400 and bad.json()["data"]["params"]["categories"]


def test_context_edit_needs_a_user_who_may_edit(api, author_user):
    post = make_post(author=author_user, body="<p>Raw body</p>")
    response = api.get(f"/wp-json/wp/v2/posts/{post.pk}?context=edit")
    assert response.status_code == 401
    assert response.json() == {
        "code": "rest_forbidden_context",
        "message": "Sorry, you are not allowed to edit this post.",
        "data": {"status": 401},
    }
    assert api.get("/wp-json/wp/v2/posts?context=edit").status_code == 401
    signed_in = client_for(author_user)
    item = signed_in.get(f"/wp-json/wp/v2/posts/{post.pk}?context=edit").json()
    assert item["content"]["raw"] == "<p>Raw body</p>"
    assert item["title"]["raw"] == post.title
    other = make_post()
    assert signed_in.get(f"/wp-json/wp/v2/posts/{other.pk}?context=edit").status_code == 403
    assert api.get("/wp-json/wp/v2/posts?context=nonsense").status_code == 400


def test_an_author_lists_their_own_drafts_by_status(author_user):
    make_post("Mine", author=author_user, status=Post.Status.DRAFT)
    make_post("Not mine", status=Post.Status.DRAFT)
    make_post("Public")
    response = client_for(author_user).get("/wp-json/wp/v2/posts?status=draft")
    assert titles(response) == ["Mine"]
    assert titles(client_for(author_user).get("/wp-json/wp/v2/posts")) == ["Public"]


def test_categories_and_tags_list_with_published_counts(api):
    news = make_category("News")
    make_post(categories=[news])
    make_post(categories=[news], status=Post.Status.DRAFT)
    item = next(c for c in api.get("/wp-json/wp/v2/categories").json() if c["name"] == "News")
    assert item["count"] == 1 and item["taxonomy"] == "category" and item["parent"] == 0
    tag = make_tag("django")
    tags = api.get("/wp-json/wp/v2/tags").json()
    assert tags[0]["id"] == tag.pk and tags[0]["taxonomy"] == "post_tag" and tags[0]["count"] == 0
    assert api.get(f"/wp-json/wp/v2/tags/{tag.pk}").json()["name"] == "django"
    assert api.get("/wp-json/wp/v2/tags/999999").json()["code"] == "rest_term_invalid"


def test_users_me_needs_a_sign_in_and_shows_the_user(api, author_user):
    assert api.get("/wp-json/wp/v2/users/me").status_code == 401
    me = client_for(author_user).get("/wp-json/wp/v2/users/me?context=edit").json()
    assert me["id"] == author_user.pk and me["username"] == "alice" and me["roles"] == ["author"]


def test_a_user_without_published_posts_is_not_public(api):
    nobody = make_user()
    assert api.get(f"/wp-json/wp/v2/users/{nobody.pk}").status_code == 404
    post = make_post()
    assert api.get(f"/wp-json/wp/v2/users/{post.author_id}").json()["slug"] == post.author.username


def test_the_index_lists_the_routes_and_unknown_routes_answer_in_json(api):
    index = api.get("/wp-json/").json()
    assert "wp/v2" in index["namespaces"] and "/wp/v2/posts" in index["routes"]
    missing = api.get("/wp-json/wp/v2/nothing-here")
    assert missing.status_code == 404 and missing.json()["code"] == "rest_no_route"


def test_public_pages_announce_the_api(client):
    post = make_post()
    for url in ("/", post.get_absolute_url()):
        first, cached = client.get(url), client.get(url)
        assert cached["X-Page-Cache"] == "hit"
        for response in (first, cached):
            assert f'<{absolute("/wp-json/")}>; rel="https://api.w.org/"' in response["Link"]
    alternate = f'<{absolute(f"/wp-json/wp/v2/posts/{post.pk}")}>; rel="alternate"'
    assert alternate in client.get(post.get_absolute_url())["Link"]
    assert "alternate" not in client.get("/")["Link"]


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=²", "per_page=0", "per_page=x"])
def test_a_bad_page_parameter_is_400_naming_it(api, query):
    response = api.get(f"/wp-json/wp/v2/posts?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_param"
    assert query.split("=")[0] in response.json()["data"]["params"]


def test_options_describes_a_route_and_other_methods_are_refused_in_json(api):
    described = api.options("/wp-json/wp/v2/posts")
    assert described.status_code == 200 and "POST" in described.json()["methods"]
    refused = api.delete("/wp-json/wp/v2/posts")
    assert refused.status_code == 405 and refused.json()["code"] == "rest_no_route"
