"""The forms of a review's content: case coding, findings and recommendations.

The forms only parse answers; reviews.authoring checks and saves them. `add_service_errors` puts the
messages a service raises beside the question they are about.
"""

from django import forms
from django.core.exceptions import ValidationError

from config.form_renderer import GovukForm

from ..authoring import agency_choices, theme_choices
from ..models import (
    AgeBand,
    CaseCoding,
    ChildProtectionPlan,
    Ethnicity,
    Finding,
    FindingKind,
    Gender,
    HarmCategory,
    LivingSituation,
    Nature,
    Recommendation,
    Response,
    SocialCareInvolvement,
    YesNoUnknown,
)
from .register import GovukDateField

NOT_CODED = ("", "Not coded")


class ServiceErrorsMixin:
    """Show a service's ValidationError on the form: each message beside its question, or on top."""

    # Service (model) field name -> form field name, where they differ.
    service_fields: dict[str, str] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            field = self.service_fields.get(field, field)
            self.add_error(field if field in self.fields else None, messages)


def _radios(label: str, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[NOT_CODED, *choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Choose one of the answers for {label.lower()}"},
        **kwargs,
    )


def _label(name: str) -> str:
    label = str(CaseCoding._meta.get_field(name).verbose_name)
    return label[0].upper() + label[1:]


# The national analysis tables of seed 004: characteristics ticked when the review report notes them.
PARENT_CHARACTERISTICS = (
    "parent_alcohol_misuse",
    "parent_drug_misuse",
    "parent_mental_health",
    "parent_adverse_childhood",
    "parent_intellectual_disability",
    "parent_criminal_record",
    "parent_violent_crime",
)
FAMILY_CHARACTERISTICS = (
    "family_separation",
    "family_separation_acrimonious",
    "family_domestic_abuse",
    "family_social_isolation",
    "family_transient_lifestyle",
    "family_multiple_partners",
    "family_poverty",
)
CHILD_CHARACTERISTICS = (
    "child_behaviour_problems",
    "child_alcohol_misuse",
    "child_drug_misuse",
    "child_mental_health",
    "child_bullying",
    "child_cse",
)
CHARACTERISTIC_GROUPS = {
    "parent_characteristics": PARENT_CHARACTERISTICS,
    "family_characteristics": FAMILY_CHARACTERISTICS,
    "child_characteristics": CHILD_CHARACTERISTICS,
}
CODING_CHOICE_FIELDS = (
    "nature",
    "harm_category",
    "age_band",
    "gender",
    "ethnicity",
    "disability",
    "living_situation",
    "social_care_involvement",
    "child_protection_plan",
)


def _characteristics(label: str, names, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=[(name, _label(name)) for name in names],
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class CaseCodingForm(ServiceErrorsMixin, GovukForm):
    """The coding of one review, in the groups of the national analysis tables."""

    nature = _radios("Nature of the incident", Nature.choices)
    harm_category = _radios("Primary harm category", HarmCategory.choices)
    age_band = _radios(
        "Age of the child",
        AgeBand.choices,
        help_text="Some child characteristics are coded only from an age.",
    )
    gender = _radios("Gender", Gender.choices)
    ethnicity = _radios("Ethnicity", Ethnicity.choices)
    disability = _radios("Does the child have a disability?", YesNoUnknown.choices)
    living_situation = _radios("Where the child was living", LivingSituation.choices)
    social_care_involvement = _radios("Children's social care involvement", SocialCareInvolvement.choices)
    child_protection_plan = _radios("Child protection plan", ChildProtectionPlan.choices)
    parent_characteristics = _characteristics(
        "Which parental characteristics does the review report note?",
        PARENT_CHARACTERISTICS,
        "Select all that apply. Violent crime is counted within a criminal record.",
    )
    family_characteristics = _characteristics(
        "Which family characteristics does the review report note?",
        FAMILY_CHARACTERISTICS,
        "Select all that apply. An acrimonious separation is counted within separation.",
    )
    child_characteristics = _characteristics(
        "Which child characteristics does the review report note?",
        CHILD_CHARACTERISTICS,
        "Select all that apply. Behaviour problems are coded from age 1; the others from age 6.",
    )

    # Each constraint message of the model lands on the group of checkboxes it is about.
    service_fields = {name: group for group, names in CHARACTERISTIC_GROUPS.items() for name in names}

    SECTIONS = (
        ("Nature and harm", ("nature", "harm_category")),
        (
            "The child",
            (
                "age_band",
                "gender",
                "ethnicity",
                "disability",
                "living_situation",
                "social_care_involvement",
                "child_protection_plan",
            ),
        ),
        ("Parental characteristics", ("parent_characteristics",)),
        ("Family characteristics", ("family_characteristics",)),
        ("Child characteristics", ("child_characteristics",)),
    )

    @classmethod
    def initial_from(cls, coding: CaseCoding | None) -> dict:
        if coding is None:
            return {}
        initial = {name: getattr(coding, name) for name in CODING_CHOICE_FIELDS}
        for group, names in CHARACTERISTIC_GROUPS.items():
            initial[group] = [name for name in names if getattr(coding, name)]
        return initial

    def sections(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.SECTIONS]

    def answers(self) -> dict:
        """The keyword arguments of authoring.coding_save: every CaseCoding field."""
        data = self.cleaned_data
        answers = {name: data[name] for name in CODING_CHOICE_FIELDS}
        for group, names in CHARACTERISTIC_GROUPS.items():
            answers |= {name: name in data[group] for name in names}
        return answers


class ThemeCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return theme.name if theme.is_active else f"{theme.name} (retired)"


class AgencyCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, agency):
        return agency.name if agency.is_active else f"{agency.name} (no longer active)"


class FindingForm(ServiceErrorsMixin, GovukForm):
    kind = forms.ChoiceField(
        label="What kind of finding is it?",
        choices=FindingKind.choices,
        initial=FindingKind.LEARNING,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of finding",
            "invalid_choice": "Choose the kind of finding",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=Finding._meta.get_field("title").max_length,
        help_text="One line about the system, not about a person.",
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be %(limit_value)d characters or fewer",
        },
    )
    text = forms.CharField(
        label="Finding",
        help_text="What the review found. Do not include names, addresses or dates of birth.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the finding"},
    )
    themes = ThemeCheckboxes(
        label="Themes",
        queryset=None,
        required=False,
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={
            "invalid_choice": "Choose from the listed themes",
            "invalid_pk_value": "Choose from the listed themes",
        },
    )
    agencies = AgencyCheckboxes(
        label="Agencies it concerns",
        queryset=None,
        required=False,
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose agencies of the review's partnership",
            "invalid_pk_value": "Choose agencies of the review's partnership",
        },
    )

    def __init__(self, *args, review, finding: Finding | None = None, **kwargs):
        if finding is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": finding.kind,
                "title": finding.title,
                "text": finding.text,
                "themes": list(finding.themes.all()),
                "agencies": list(finding.agencies.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = theme_choices(finding)
        keep = list(finding.agencies.all()) if finding is not None else []
        self.fields["agencies"].queryset = agency_choices(review, keep=keep)

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("kind", "title", "text", "themes", "agencies")}


class RecommendationForm(ServiceErrorsMixin, GovukForm):
    text = forms.CharField(
        label="Recommendation",
        help_text="Fewer, system-level recommendations work better than many small ones.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the recommendation"},
    )
    to_partnership = forms.BooleanField(
        label="Addressed to the partnership",
        required=False,
        help_text="The safeguarding partners together, rather than named agencies.",
    )
    agencies = AgencyCheckboxes(
        label="Agencies it is addressed to",
        queryset=None,
        required=False,
        help_text="Name the agencies that must act. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose agencies of the review's partnership",
            "invalid_pk_value": "Choose agencies of the review's partnership",
        },
    )
    findings = forms.ModelMultipleChoiceField(
        label="Findings it answers",
        queryset=None,
        required=False,
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={
            "invalid_choice": "Choose findings of this review",
            "invalid_pk_value": "Choose findings of this review",
        },
    )
    response = forms.ChoiceField(
        label="Response",
        choices=Response.choices,
        initial=Response.PENDING,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the response", "invalid_choice": "Choose the response"},
    )
    response_reason = forms.CharField(
        label="Reason it was not accepted",
        required=False,
        help_text="Required when the recommendation is not accepted.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responded_on = GovukDateField(
        label="Date of the response",
        subject="Date of the response",
        required=False,
        help_text="Leave blank while the response is awaited. For example, 27 3 2024",
    )

    def __init__(self, *args, review, recommendation: Recommendation | None = None, **kwargs):
        if recommendation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": recommendation.text,
                "to_partnership": recommendation.to_partnership,
                "agencies": list(recommendation.agencies.all()),
                "findings": list(recommendation.findings.all()),
                "response": recommendation.response,
                "response_reason": recommendation.response_reason,
                "responded_on": recommendation.responded_on,
            }
        super().__init__(*args, **kwargs)
        keep = list(recommendation.agencies.all()) if recommendation is not None else []
        self.fields["agencies"].queryset = agency_choices(review, keep=keep)
        self.fields["findings"].queryset = Finding.objects.filter(review=review).order_by("number")
        self.fields["findings"].label_from_instance = lambda finding: f"{finding.number}. {finding.title}"

    def answers(self) -> dict:
        names = (
            "text",
            "to_partnership",
            "agencies",
            "findings",
            "response",
            "response_reason",
            "responded_on",
        )
        return {name: self.cleaned_data[name] for name in names}

    def addressees_key(self) -> str:
        """The addressees of valid answers as one string, to confirm a broad recommendation for them."""
        ids = sorted(agency.pk for agency in self.cleaned_data["agencies"])
        partnership = "p" if self.cleaned_data["to_partnership"] else "-"
        return partnership + ":" + ",".join(str(pk) for pk in ids)
