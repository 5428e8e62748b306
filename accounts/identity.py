"""Who a signed-in reader comments as: the social account they sign in with, or themselves.

A reader signed in through a provider is greeted on the comment form by that
account, as WordPress.com's own forms do ("You are commenting using your
WordPress.com account."), with its picture, and their comments link to the
profile the provider names. A reader with no social account (a local sign-up,
staff) is "Logged in as" their own name. Either way the comment is signed
with the name the form shows: the user's, which allauth filled in from the
provider when the account was made.

A reader may have connected several providers; the one they signed in with
last speaks for them. An account whose provider has since lost its
credentials here is passed over: nothing can be said about it.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ImproperlyConfigured, MultipleObjectsReturned, ValidationError
from django.core.validators import URLValidator

from comments.models import Comment
from core import avatars as identicons

from . import avatars

AUTHOR_URL_MAX_LENGTH = Comment._meta.get_field("author_url").max_length
web_address = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Commenter:
    name: str
    avatar_url: str
    provider_name: str = ""  # empty when signed in locally


def commenter(request):
    """How the comment form presents the signed-in `request.user`."""
    user = request.user
    name = user.get_full_name() or user.get_username()
    identicon = identicons.avatar_url(user.email)
    account = social_account(request)
    if account is None:
        return Commenter(name=name, avatar_url=identicon)
    return Commenter(
        name=name,
        avatar_url=avatars.stored_url(account) or identicon,
        provider_name=account.get_provider(request).name,
    )


def social_account(request):
    """The signed-in user's most recently used social account that can still sign in here."""
    for account in SocialAccount.objects.filter(user=request.user).order_by("-last_login"):
        try:
            account.get_provider(request)
        except (SocialApp.DoesNotExist, MultipleObjectsReturned, ImproperlyConfigured):
            continue
        return account
    return None


def profile_url(account):
    """The account's public profile as a web address fit for a comment, else ''."""
    url = account.get_profile_url()
    if not isinstance(url, str) or len(url) > AUTHOR_URL_MAX_LENGTH:
        return ""
    try:
        web_address(url)
    except ValidationError:
        return ""
    return url


def remember_avatar(sender, request, sociallogin=None, **kwargs):
    """On a social sign-in or connection: keep the account's picture here (accounts.avatars)."""
    if sociallogin is not None:
        avatars.remember(sociallogin.account)


def link_to_profile(sender, comment, request, **kwargs):
    """Before moderation, a signed-in reader's comment links to their social account's
    profile, and says whether its address is one their sign-in verified (the moderation
    rule "a previously approved comment" trusts only what is proven theirs)."""
    if not comment.user_id:
        return
    comment.email_verified = bool(comment.author_email) and (
        EmailAddress.objects.filter(
            user_id=comment.user_id, email__iexact=comment.author_email, verified=True
        ).exists()
    )
    if not comment.author_url and (account := social_account(request)):
        comment.author_url = profile_url(account)
