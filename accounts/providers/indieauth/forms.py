"""The one question the blog asks before sending a reader to their own site: its address."""

from django import forms

from .profile_url import ProfileURLError, canonical_profile_url


class WebsiteForm(forms.Form):
    url = forms.CharField(
        label="Your website",
        max_length=300,
        help_text="The address of your home page, such as example.com. It must name an "
        "IndieAuth server, as sites on WordPress with the IndieAuth plugin and many others do.",
        widget=forms.TextInput(
            attrs={
                "placeholder": "example.com",
                "inputmode": "url",
                "autocomplete": "url",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
    # Where allauth sends the reader afterwards, and what for (sign in, or connect an account).
    next = forms.CharField(widget=forms.HiddenInput, required=False)
    process = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_url(self):
        try:
            return canonical_profile_url(self.cleaned_data["url"])
        except ProfileURLError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
