"""The blog and the signed-in user: wp.getUsersBlogs and blogger.getUsersBlogs (the one
blog), wp.getOptions (read only: the site is configured by its environment and admin),
wp.getProfile and blogger.getUserInfo."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import xmlrpc
from core.site_url import absolute

from .. import rules
from . import structs
from .base import BAD_PARAMS, method, not_allowed


def blogs(user):
    return [
        {
            "isAdmin": user.is_superuser,
            "url": absolute("/"),
            "blogid": "1",
            "blogName": settings.BLOG_TITLE,
            "xmlrpc": xmlrpc.server_url(),
        }
    ]


@method("wp.getUsersBlogs", credentials=(0, 1))
def wp_get_users_blogs(request, user):
    return blogs(user)


@method("blogger.getUsersBlogs", "metaWeblog.getUsersBlogs", credentials=(1, 2))
def blogger_get_users_blogs(request, user, appkey):
    return blogs(user)


@method("blogger.getUserInfo", credentials=(1, 2))
def blogger_get_user_info(request, user, appkey):
    if not rules.may_write_posts(user):
        raise not_allowed("Sorry, you are not allowed to access user data on this site.")
    return {
        "nickname": user.get_username(),
        "userid": str(user.pk),
        "url": "",
        "lastname": user.last_name,
        "firstname": user.first_name,
    }


@method("wp.getProfile")
def get_profile(request, user, blog_id, fields=None):
    return structs.user_struct(user)


def options():
    """WordPress's option names, each {desc, readonly, value}."""
    offset = timezone.localtime().utcoffset() or datetime.timedelta()
    values = {
        "software_name": ("Software Name", "blogsite"),
        "blog_url": ("WordPress Address (URL)", absolute("/")),
        "home_url": ("Site Address (URL)", absolute("/")),
        "login_url": ("Login Address (URL)", absolute(reverse("account_login"))),
        "admin_url": ("The URL to the admin area", absolute(reverse("admin:index"))),
        "blog_title": ("Site Title", settings.BLOG_TITLE),
        "blog_tagline": ("Site Tagline", settings.BLOG_TAGLINE),
        "time_zone": ("Time Zone", f"{offset.total_seconds() / 3600:g}"),
        "date_format": ("Date Format", "F j, Y"),
        "time_format": ("Time Format", "g:i a"),
        "post_thumbnail": ("Post Thumbnail", True),
        "image_default_link_type": ("Image default link type", "none"),
        "image_default_size": ("Image default size", ""),
        "image_default_align": ("Image default align", ""),
        "default_comment_status": (
            "Allow people to submit comments on new posts.",
            "open",
        ),
        "default_ping_status": (
            "Allow link notifications from other blogs (pingbacks and trackbacks) on new posts.",
            "open",
        ),
    }
    return {
        name: {"desc": desc, "readonly": True, "value": value}
        for name, (desc, value) in values.items()
    }


@method("wp.getOptions")
def get_options(request, user, blog_id, names=None):
    if names is None or names == []:
        return options()
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        raise BAD_PARAMS
    every = options()
    return {name: every[name] for name in names if name in every}
