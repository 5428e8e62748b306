"""The "Follow" box: an address to send new posts to, and the honeypot the comment form has."""

from django import forms


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Please give the email address to send new posts to.",
            "invalid": "Please give a valid email address, such as you@example.com.",
            "max_length": "That email address is too long (254 characters at most).",
        },
    )
    # A field people never see and bots fill in.
    homepage = forms.CharField(label="Leave this field empty", required=False)

    def is_bot(self):
        """Filled in the field no person sees: answered as a success, and nothing is saved."""
        return bool(self.data.get("homepage"))
