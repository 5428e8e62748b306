from django import forms
from django.utils.crypto import constant_time_compare


class PostPasswordForm(forms.Form):
    """The password that unlocks a protected post for this browser session."""

    password = forms.CharField(
        label="Password", max_length=100, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not constant_time_compare(password, self.post.password):
            raise forms.ValidationError("That password is not right. Try again.")
        return password
