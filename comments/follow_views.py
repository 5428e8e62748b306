"""Following the blog: the Follow box's POST, and the signed links in followers' mails."""

from django.core import signing
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.csrf import csrf_failure
from core.ratelimit import limit_per_address, too_many

from . import follows
from .follow_forms import FollowForm
from .follow_models import Follower

PAGE = "comments/follow_page.html"


@method_decorator([csrf_exempt, never_cache], name="dispatch")
@method_decorator(limit_per_address("follow", limit=10, period=3600), name="post")
class FollowView(View):
    """Receives the Follow box.

    The box sits in cached pages, the same for every guest, so it carries no CSRF
    token: a guest's address is only followed once its owner confirms from the
    mail. A signed-in reader's one-click button (on pages never cached for them)
    carries a token, checked here.
    """

    http_method_names = ["post"]

    def post(self, request):
        if request.user.is_authenticated and "email" not in request.POST:
            return self.follow_signed_in(request)
        form = FollowForm(request.POST)
        if form.is_bot():
            return render(request, PAGE, {"state": "check-inbox"})
        if not form.is_valid():
            return render(request, PAGE, {"state": "invalid", "form": form}, status=400)
        email = form.cleaned_data["email"]
        try:
            follower = follows.follow(email, user=self.account_with(request, email))
        except follows.TooManyConfirmations:
            return too_many(request)
        state = "following" if follower.status == Follower.Status.CONFIRMED else "check-inbox"
        return render(request, PAGE, {"state": state, "email": email})

    def follow_signed_in(self, request):
        if (failure := csrf_failure(request)) is not None:
            return failure
        if not request.user.email:
            return render(request, PAGE, {"state": "no-address"}, status=400)
        follower = follows.follow_signed_in(request.user)
        state = "following" if follower.status == Follower.Status.CONFIRMED else "check-inbox"
        return render(request, PAGE, {"state": state, "email": follower.email})

    @staticmethod
    def account_with(request, email):
        """The signed-in reader, when the address typed is their account's."""
        user = request.user
        if user.is_authenticated and user.email.lower() == email.lower():
            return user
        return None


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class FollowLinkView(View):
    """Confirm (double opt-in) or unsubscribe from a follower's signed link.

    A GET only asks (mail scanners open links); a POST acts. Unsubscribing takes
    the one-click POST of RFC 8058 from the mail client, with no CSRF token.
    """

    def dispatch(self, request, action, token):
        try:
            follower_id = follows.read_follow_token(token, action)
        except signing.SignatureExpired:
            return render(request, PAGE, {"state": "expired", "action": action}, status=400)
        except signing.BadSignature:
            return render(request, PAGE, {"state": "bad-link", "action": action}, status=400)
        self.action = action
        self.follower = Follower.objects.filter(pk=follower_id).first()
        if self.follower is None:
            return render(request, PAGE, {"state": "gone"}, status=404)
        return super().dispatch(request, action, token)

    def get(self, request, action, token):
        return render(request, PAGE, {"state": f"ask-{action}", "follower": self.follower})

    def post(self, request, action, token):
        if action == "confirm":
            self.follower.confirm()
        else:
            self.follower.unsubscribe()
        return render(request, PAGE, {"state": f"done-{action}", "follower": self.follower})
