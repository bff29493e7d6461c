"""Forms for marking an action complete and for panel staff's decision on it.

They only parse answers; actions.services saves them and checks the rules (evidence attached, nobody
verifies their own action, a return gives its reason).
"""

from django import forms

from config.form_renderer import GovukForm
from reviews.forms.content import ServiceErrorsMixin

from .evidence import RevealsMixin


class Decision:
    VERIFY = "verify"
    RETURN = "return"
    CHOICES = [(VERIFY, "Verify it"), (RETURN, "Return it to the agency")]


class CompleteForm(ServiceErrorsMixin, GovukForm):
    note = forms.CharField(
        label="What was done and how the evidence shows it",
        help_text="Panel staff read this with the evidence before they verify the action.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Say what was done and how the evidence shows it"},
    )


class VerifyForm(RevealsMixin, ServiceErrorsMixin, GovukForm):
    reveals = {"decision": {Decision.RETURN: ("reason",)}}

    decision = forms.ChoiceField(
        label="Does the evidence show the action is complete?",
        choices=Decision.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to verify the action or return it to the agency",
            "invalid_choice": "Choose whether to verify the action or return it to the agency",
        },
    )
    reason = forms.CharField(
        label="What must the agency do before the action can be verified?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        data = super().clean()
        self.drop_hidden_answers(data)
        if data.get("decision") == Decision.RETURN and not data.get("reason", "").strip():
            self.add_error("reason", "Say what the agency must do before the action can be verified")
        return data
