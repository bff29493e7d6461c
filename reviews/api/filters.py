import django_filters

from config.api.filters import IdFilter

from ..models import Finding, FindingKind, Recommendation, Response, Review, ReviewKind, Stage


class ReviewFilter(django_filters.FilterSet):
    partnership = IdFilter()
    lead_reviewer = IdFilter()
    kind = django_filters.MultipleChoiceFilter(choices=ReviewKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=Stage.choices)
    notified_after = django_filters.DateFilter(field_name="notified_on", lookup_expr="gte")
    notified_before = django_filters.DateFilter(field_name="notified_on", lookup_expr="lte")

    class Meta:
        model = Review
        fields = ["partnership", "kind", "status", "lead_reviewer"]


class FindingFilter(django_filters.FilterSet):
    review = IdFilter()
    themes = IdFilter()
    agencies = IdFilter()
    kind = django_filters.ChoiceFilter(choices=FindingKind.choices)

    class Meta:
        model = Finding
        fields = ["review", "kind", "themes", "agencies"]


class RecommendationFilter(django_filters.FilterSet):
    review = IdFilter()
    agencies = IdFilter()
    response = django_filters.ChoiceFilter(choices=Response.choices)

    class Meta:
        model = Recommendation
        fields = ["review", "response", "to_partnership", "agencies"]
