"""Posting a comment, editing it for a while, the form token for cached pages, and the
signed links in mails."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.csrf import csrf_failure, token_response
from core.params import positive_int
from posts.models import Post

from . import editing, moderation, notifications, visitor
from .forms import CommentEditForm, CommentForm, form_timestamp
from .models import Comment, Subscription
from .threads import comment_form_html


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
        post = get_object_or_404(Post.entries.published(), pk=post_id)
        form = CommentForm(request.POST, post=post, user=request.user)

        # Checked here, not by the middleware, so that a failure keeps what was typed.
        if csrf_failure(request) is not None:
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

        comment = form.build_comment(request)
        subscribe = notifications.subscribe_author if form.cleaned_data["subscribe"] else None
        if refused := moderation.admit(comment, spam_signals=form.spam_signals, also=subscribe):
            return self.form_page(form, post, status=refused.status_code, message=refused.message)

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
        user = self.request.user
        if show_errors:
            fresh = CommentForm(data, post=post, user=user)
            fresh.is_valid()
        else:
            fresh = CommentForm(initial=data.dict(), post=post, user=user)
        form_context = {
            "request": self.request,
            "post": post,
            "form": fresh,
            "form_csrf_token": get_token(self.request),
        }
        return render(
            self.request,
            "comments/form_page.html",
            {
                "form": fresh,
                "post": post,
                "message": message,
                "form_html": comment_form_html(form_context),
            },
            status=status,
        )


@method_decorator(never_cache, name="dispatch")
class FormTokenView(View):
    """A CSRF token, a form timestamp and the saved name, email and website (kept in
    HttpOnly cookies) for the comment form of a cached page."""

    def get(self, request):
        post_id = positive_int(request.GET.get("post"))
        if post_id is None:
            return HttpResponseBadRequest("post must be a post id")
        post = get_object_or_404(Post.entries.published(), pk=post_id)
        return token_response(
            request, timestamp=form_timestamp(post), details=visitor.saved_details(request)
        )


@method_decorator(never_cache, name="dispatch")
class OwnCommentView(View):
    """The author's own comment, within the edit window; 403 with the reason otherwise."""

    template_name = None

    def dispatch(self, request, pk):
        self.comment = get_object_or_404(
            Comment.objects.select_related("post").filter(
                status__in=editing.EDITABLE, post__in=Post.entries.published()
            ),
            pk=pk,
        )
        self.key = request.POST.get("key") or request.GET.get("key", "")
        if not editing.still_open(self.comment):
            return self.refuse(
                "This comment can no longer be changed: a comment can be edited or deleted "
                f"for {editing.window_minutes()} minutes after it was posted."
            )
        if not editing.is_author(request, self.comment, self.key):
            return self.refuse(
                "Only the person who wrote this comment can change it, signed in as they "
                "were, or from the link they were given after posting it."
            )
        return super().dispatch(request, pk)

    def refuse(self, message):
        return render(
            self.request,
            "comments/own_comment_refused.html",
            {"message": message, "post": self.comment.post},
            status=403,
        )

    def page(self, status=200, **context):
        context = {
            "comment": self.comment,
            "post": self.comment.post,
            "key": self.key,
            "open_until": editing.open_until(self.comment),
            **context,
        }
        return render(self.request, self.template_name, context, status=status)


class CommentEditView(OwnCommentView):
    template_name = "comments/edit.html"

    def get(self, request, pk):
        return self.page(form=CommentEditForm(initial={"body": self.comment.body}))

    def post(self, request, pk):
        form = CommentEditForm(request.POST)
        if not form.is_valid():
            return self.page(status=400, form=form)
        comment = editing.edit(self.comment, form.cleaned_data["body"])
        if comment.status == Comment.Status.APPROVED:
            messages.success(request, "Your comment is updated.")
        else:
            messages.info(request, "Your comment is updated and awaits moderation.")
        return redirect(visitor.url_after_posting(comment))


class CommentDeleteView(OwnCommentView):
    template_name = "comments/delete.html"

    def get(self, request, pk):
        return self.page()

    def post(self, request, pk):
        editing.delete(self.comment)
        messages.success(request, "Your comment is deleted.")
        return redirect(f"{self.comment.post.get_absolute_url()}#comments")


def comment_permalink(request, pk):
    """`/comments/<id>/`: the post page that shows this approved comment."""
    comment = get_object_or_404(
        Comment.objects.approved().select_related("post"),
        pk=pk,
        post__in=Post.entries.published(),
    )
    return redirect(comment.url_on_post_page())


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
