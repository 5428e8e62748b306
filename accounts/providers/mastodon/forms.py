"""The one question the blog asks before sending a reader to Mastodon: which instance."""

from django import forms

from .instance import InstanceNameError, parse_instance


class InstanceForm(forms.Form):
    instance = forms.CharField(
        label="Your Mastodon instance",
        max_length=300,
        help_text="The server your account is on: for @ada@mastodon.social, mastodon.social.",
        widget=forms.TextInput(
            attrs={
                "placeholder": "mastodon.social",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
    # Where allauth sends the reader afterwards, and what for (sign in, or connect an account).
    next = forms.CharField(widget=forms.HiddenInput, required=False)
    process = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_instance(self):
        try:
            return parse_instance(self.cleaned_data["instance"])
        except InstanceNameError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
