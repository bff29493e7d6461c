"""Forms for signing in and managing people."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from config.form_renderer import GovukForm, GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Django's sign-in form with GOV.UK markup.

    GOV.UK advises against autofocus, which Django puts on the username field:
    screen reader users can miss the content before the form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"].widget
        username.attrs.pop("autofocus", None)
        username.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class TwoFactorCodeForm(GovukForm):
    """The 6-digit code from an authenticator app. Whether it is right is for the device to say."""

    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "class": "govuk-input--width-5",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError("Enter the code as 6 numbers, like 123456")
        return code

    def wrong_code(self):
        self.add_error("code", "The code is not correct. Enter the code your authenticator app shows now")

    def too_many_attempts(self, seconds: int):
        self.add_error(
            "code",
            f"You have entered too many wrong codes. Wait {seconds} second{'s' if seconds != 1 else ''} "
            "and enter the code your authenticator app shows then",
        )
