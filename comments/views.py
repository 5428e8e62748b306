"""Posting a comment, the form token for cached pages, and the signed links in mails."""

from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt

from blogsite.params import positive_int
from posts.models import Post

from . import avatars, moderation, notifications, visitor
from .forms import CommentForm, form_timestamp
from .models import Comment, Subscription
from .signals import comment_status_changed


def csrf_rejected(request):
    """Run Django's CSRF check here, so a failure can keep what the reader wrote."""
    middleware = CsrfViewMiddleware(lambda request: None)
    return middleware.process_view(request, None, (), {}) is not None


@method_decorator(csrf_exempt, name="dispatch")
class PostCommentView(View):
    """Receives the "Leave a Reply" form.

    Post pages are cached for anonymous readers, so the form in them carries
    no CSRF token of its own: a little JavaScript fetches one (FormTokenView).
    Without JavaScript the first submission lands on a page that shows the
    comment again with a token, and the reader sends it once more.
    """

    http_method_names = ["post"]

    def post(self, request):
        post_id = positive_int(request.POST.get("post"))
        if post_id is None:
            return HttpResponseBadRequest("Which post is this comment for?")
        post = get_object_or_404(Post.objects.published(), pk=post_id)
        form = CommentForm(request.POST, user=request.user)

        if csrf_rejected(request):
            return self.form_page(
                form,
                post,
                status=403,
                message="Your comment has not been sent yet: please check it and press "
                "“Post Comment” once more.",
                show_errors=False,
            )
        if not form.is_valid():
            return self.form_page(form, post, status=400)

        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                return self.form_page(
                    form, post, status=400, message="The comment you replied to does not exist."
                )
        comment = form.build_comment(post, parent, request)
        if refused := moderation.refusal(comment):
            return self.form_page(form, post, status=refused.status_code, message=refused.message)

        decision = moderation.decide(comment, spam_signals=form.spam_signals)
        comment.status, comment.moderation_reason = decision.status, decision.reason
        with transaction.atomic():
            comment.save()
            Comment.refresh_counts({post.pk})
            if (
                form.cleaned_data.get("subscribe")
                and comment.author_email
                and comment.status != Comment.Status.SPAM
            ):
                notifications.subscribe(post, comment.author_email)
        comment_status_changed.send(sender=Comment, comment=comment, created=True)

        response = redirect(visitor.url_after_posting(comment))
        if form.cleaned_data.get("save_details"):
            visitor.remember(response, comment)
        elif "save_details" in form.fields:
            visitor.forget(response)
        return response

    def form_page(self, form, post, *, status, message="", show_errors=True):
        """The form alone, filled in as sent, with a fresh token and timestamp."""
        data = form.data.copy()
        data["timestamp"] = form_timestamp(post)
        fresh = CommentForm(data, user=self.request.user)
        if show_errors:
            fresh.is_valid()
        else:
            fresh = CommentForm(initial=data.dict(), user=self.request.user)
        return render(
            self.request,
            "comments/form_page.html",
            {"form": fresh, "post": post, "message": message},
            status=status,
        )


@method_decorator(never_cache, name="dispatch")
class FormTokenView(View):
    """A CSRF token and a form timestamp for the comment form of a cached page."""

    def get(self, request):
        post_id = positive_int(request.GET.get("post"))
        if post_id is None:
            return HttpResponseBadRequest("post must be a post id")
        post = get_object_or_404(Post.objects.published(), pk=post_id)
        return JsonResponse({"csrf": get_token(request), "timestamp": form_timestamp(post)})


def comment_permalink(request, pk):
    """`/comments/<id>/`: the post page that shows this approved comment."""
    comment = get_object_or_404(
        Comment.objects.approved().select_related("post"),
        pk=pk,
        post__in=Post.objects.published(),
    )
    return redirect(comment.url_on_post_page())


@cache_control(public=True, max_age=30 * 24 * 3600, immutable=True)
def avatar(request, key):
    return HttpResponse(avatars.identicon_svg(key), content_type="image/svg+xml")


class ModerateLinkView(View):
    """The one-click links in a moderator's mail: a GET asks, a POST acts."""

    template_name = "comments/moderate_confirm.html"

    def dispatch(self, request, token):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("comments.moderate_comment"):
            raise PermissionDenied
        try:
            self.comment_id, self.action = notifications.read_moderation_token(token)
        except signing.BadSignature as exc:
            raise Http404("This link is not valid or has expired.") from exc
        self.comment = get_object_or_404(Comment.objects.select_related("post"), pk=self.comment_id)
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(request, self.template_name, self.context())

    def post(self, request, token):
        status = notifications.MODERATION_ACTIONS[self.action]
        self.comment.set_status(status, reason=f"{self.action} by {request.user.get_username()}")
        return render(request, self.template_name, self.context(done=True))

    def context(self, **extra):
        return {"comment": self.comment, "action": self.action, **extra}


class SubscriptionLinkView(View):
    """Confirm (double opt-in) or cancel a subscription from its signed link."""

    template_name = "comments/subscription.html"

    def dispatch(self, request, action, token):
        try:
            subscription_id = notifications.read_subscription_token(token, action)
        except signing.BadSignature as exc:
            raise Http404("This link is not valid or has expired.") from exc
        self.action = action
        self.subscription = (
            Subscription.objects.filter(pk=subscription_id).select_related("post").first()
        )
        return super().dispatch(request, action, token)

    def get(self, request, action, token):
        return render(request, self.template_name, {"sub": self.subscription, "action": action})

    def post(self, request, action, token):
        if self.subscription is not None:
            if action == "confirm":
                self.subscription.confirmed = True
                self.subscription.save(update_fields=["confirmed"])
            else:
                self.subscription.delete()
        return render(
            request,
            self.template_name,
            {"sub": self.subscription, "action": action, "done": True},
        )


# One-click unsubscribe (RFC 8058) posts from the mail client, with no CSRF token.
subscription_link = csrf_exempt(SubscriptionLinkView.as_view())
