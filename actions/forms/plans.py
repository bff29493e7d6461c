"""The forms of action plan pages: starting a plan, writing an action, progress, dates and milestones.

The forms only parse answers; actions.services checks and saves them. A service's ValidationError is
shown beside the question it is about (ServiceErrorsMixin).
"""

import re

from django import forms

from config.form_renderer import GovukForm
from reviews.forms.content import ServiceErrorsMixin
from reviews.forms.register import GovukDateField
from reviews.models import Recommendation

from ..choices import Rag, Status
from ..models import Action, ActionPlan, Milestone
from ..selectors import people_of
from ..services import PANEL_UPDATE_STATUSES, UPDATE_STATUSES

NOT_ASSIGNED = "Not assigned"
DATE_HINT = "For example, 31 3 2026"


class AgencyChoiceForm(GovukForm):
    """Which agency's plan to start. With one agency to choose from, the page asks only to confirm."""

    agency = forms.ModelChoiceField(
        label="Which agency's action plan?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the agency whose action plan to start",
            "invalid_choice": "Choose an agency that has no action plan for this review yet",
        },
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        only = list(agencies[:2])
        if len(only) == 1:
            self.fields["agency"].widget = forms.HiddenInput()
            self.fields["agency"].initial = only[0].pk


class RecommendationCheckboxes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, recommendation):
        text = recommendation.text if len(recommendation.text) <= 120 else recommendation.text[:117] + "..."
        return f"{recommendation.number}. {text}"


class PersonSelect(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return str(person)


def next_number(plan: ActionPlan) -> str:
    """The number after the plan's highest whole number ("3" after "1", "2.1" and "2")."""
    whole = [int(n) for n in plan.actions.values_list("number", flat=True) if re.fullmatch(r"\d+", n)]
    return str(max(whole, default=0) + 1)


class ActionForm(ServiceErrorsMixin, GovukForm):
    number = forms.CharField(
        label="Action number",
        max_length=Action._meta.get_field("number").max_length,
        help_text="The plan's own numbering, for example 3 or 2.1.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the action number",
            "max_length": "Action number must be %(limit_value)d characters or fewer",
        },
    )
    description = forms.CharField(
        label="What will the agency do?",
        help_text=(
            "Make it SMART: specific, measurable, achievable, relevant and time-bound. "
            "Do not include names, addresses or dates of birth."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the agency will do"},
    )
    success_measure = forms.CharField(
        label="Success measure (optional)",
        required=False,
        help_text="How the agency will know practice has changed.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendations = RecommendationCheckboxes(
        label="Recommendations it responds to",
        queryset=None,
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the recommendations this action responds to",
            "invalid_choice": "Choose recommendations of this review",
            "invalid_pk_value": "Choose recommendations of this review",
        },
    )
    owner = PersonSelect(
        label="Action owner",
        queryset=None,
        required=False,
        empty_label=NOT_ASSIGNED,
        help_text="Who does the work and reports progress.",
        error_messages={"invalid_choice": "Choose someone from the agency"},
    )
    accountable_officer = PersonSelect(
        label="Accountable officer",
        queryset=None,
        required=False,
        empty_label=NOT_ASSIGNED,
        help_text="The senior officer who answers for the action.",
        error_messages={"invalid_choice": "Choose someone from the agency"},
    )
    target_date = GovukDateField(label="Target date", subject="Target date", help_text=DATE_HINT)

    def __init__(self, *args, plan: ActionPlan, user, action: Action | None = None, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = self._initial(plan, action)
        super().__init__(*args, **kwargs)
        visible = Recommendation.objects.visible_to(user).filter(review_id=plan.review_id).order_by("number")
        self.fields["recommendations"].queryset = visible
        # Links the user cannot see (made by panel staff) are kept as they are, never dropped unseen.
        self.unseen_recommendations = (
            list(action.recommendations.exclude(pk__in=visible.values("pk"))) if action is not None else []
        )
        people = people_of(plan)
        self.fields["owner"].queryset = people
        self.fields["accountable_officer"].queryset = people
        if action is not None:
            # Dates change through "Revise the target date", which keeps each revision and its reason.
            del self.fields["target_date"]

    @staticmethod
    def _initial(plan, action):
        if action is None:
            return {"number": next_number(plan)}
        return {
            "number": action.number,
            "description": action.description,
            "success_measure": action.success_measure,
            "recommendations": [r.pk for r in action.recommendations.all()],
            "owner": action.owner_id,
            "accountable_officer": action.accountable_officer_id,
        }

    def answers(self) -> dict:
        names = [
            "number",
            "description",
            "success_measure",
            "recommendations",
            "owner",
            "accountable_officer",
        ]
        if "target_date" in self.fields:
            names.append("target_date")
        answers = {name: self.cleaned_data[name] for name in names}
        answers["recommendations"] = [*answers["recommendations"], *self.unseen_recommendations]
        return answers


USE_COMPUTED = ""


class ProgressForm(ServiceErrorsMixin, GovukForm):
    narrative = forms.CharField(
        label="What has happened since the last update?",
        help_text="Do not include names, addresses or dates of birth.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what has happened since the last update"},
    )
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the action's status",
            "invalid_choice": "Choose the action's status",
        },
    )
    rag_override = forms.ChoiceField(
        label="RAG rating",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a RAG rating"},
    )
    rag_override_reason = forms.CharField(
        label="Why does the action have this rating?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, action: Action, is_panel: bool, computed: str, **kwargs):
        kwargs.setdefault("initial", {"status": action.status, "rag_override": action.rag_override})
        super().__init__(*args, **kwargs)
        statuses = PANEL_UPDATE_STATUSES if is_panel else UPDATE_STATUSES
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]
        computed_label = Rag(computed).label if computed in Rag.values else ""
        self.fields["rag_override"].choices = [
            (USE_COMPUTED, f"Use the computed rating ({computed_label})"),
            *Rag.choices,
        ]

    def clean(self):
        data = super().clean()
        if data.get("rag_override") and not data.get("rag_override_reason", "").strip():
            self.add_error(
                "rag_override_reason", "Give the reason for a RAG rating other than the computed one"
            )
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "narrative": data["narrative"],
            "status": data["status"],
            "rag_override": data["rag_override"],
            "rag_override_reason": data["rag_override_reason"] if data["rag_override"] else "",
        }


class ReviseDateForm(ServiceErrorsMixin, GovukForm):
    new_date = GovukDateField(label="New target date", subject="New target date", help_text=DATE_HINT)
    reason = forms.CharField(
        label="Why is the date changing?",
        help_text="The original target date and every revision stay on the action's record.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for revising the target date"},
    )

    def answers(self) -> dict:
        return {"new_date": self.cleaned_data["new_date"], "reason": self.cleaned_data["reason"]}


class MilestoneForm(ServiceErrorsMixin, GovukForm):
    description = forms.CharField(
        label="Milestone",
        max_length=Milestone._meta.get_field("description").max_length,
        help_text='A step on the way, for example "Audit tool agreed with the panel".',
        error_messages={
            "required": "Enter the milestone",
            "max_length": "Milestone must be %(limit_value)d characters or fewer",
        },
    )
    due_on = GovukDateField(label="Due date", subject="Due date", help_text=DATE_HINT)

    def answers(self) -> dict:
        return {"description": self.cleaned_data["description"], "due_on": self.cleaned_data["due_on"]}


class WorkFilterForm(GovukForm):
    """The filters of "Your agency's work", sent by GET."""

    SOON, OVERDUE, OPEN, ALL = "soon", "overdue", "open", "all"
    WHEN_CHOICES = [
        (SOON, "Due in the next 30 days"),
        (OVERDUE, "Overdue"),
        (OPEN, "All open"),
        (ALL, "All"),
    ]

    when = forms.ChoiceField(
        label="Which actions",
        choices=WHEN_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
        error_messages={"invalid_choice": "Choose which actions to show"},
    )
    status = forms.MultipleChoiceField(
        label="Status",
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Choose from the listed statuses"},
    )

    def filters(self) -> dict:
        """The filters to apply: the default ("All open") when the answers are not valid."""
        if not self.is_valid():
            return {"when": self.OPEN, "statuses": []}
        return {"when": self.cleaned_data["when"] or self.OPEN, "statuses": self.cleaned_data["status"]}
