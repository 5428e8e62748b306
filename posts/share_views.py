"""Sharing to Mastodon: ask for the reader's instance, then send them to its share page."""

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from django.views.generic import FormView

from . import sharing
from .models import Post


class InstanceForm(forms.Form):
    instance = forms.CharField(
        label="Your Mastodon instance",
        max_length=300,
        help_text="Such as mastodon.social, or your whole address: @you@mastodon.social.",
        error_messages={"required": "Please type the address of your Mastodon instance."},
    )

    def clean_instance(self):
        host = sharing.instance_host(self.cleaned_data["instance"])
        if host is None:
            raise forms.ValidationError(
                "That is not the address of a server: type one such as mastodon.social."
            )
        return host


# The form's answer is a redirect to the reader's instance, which the browser checks
# against form-action: that page alone may send its form on to any HTTPS server.
SHARE_FORM_CSP = {
    **settings.SECURE_CSP,
    "form-action": [*settings.SECURE_CSP["form-action"], "https:"],
}


@method_decorator(csp_override(SHARE_FORM_CSP), name="dispatch")
class MastodonShareView(FormView):
    """GET shows the form; the POST (with CSRF, so no other site can send a reader's
    browser on through here) redirects to the instance's share page."""

    form_class = InstanceForm
    template_name = "posts/share_mastodon.html"

    def dispatch(self, request, pk):
        self.post_shared = get_object_or_404(Post.objects.published(), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_shared, **kwargs)

    def form_valid(self, form):
        return redirect(sharing.mastodon_share_url(form.cleaned_data["instance"], self.post_shared))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
