"""Search across findings and recommendations, and a finding's similar findings in other reviews."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.form_renderer import GovukForm
from config.paging import elided_pages

from ..models import Finding, FindingKind, ReviewKind, Theme
from ..search import FINDING, KINDS, MAX_QUERY_LENGTH, RECOMMENDATION, search, similar_findings


class SearchInput(forms.TextInput):
    input_type = "search"


class FilterCheckboxes(forms.CheckboxSelectMultiple):
    def __init__(self):
        super().__init__(attrs={"class": "govuk-checkboxes--small"})


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Search findings and recommendations",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(attrs={"spellcheck": "false", "enterkeyhint": "search"}),
        error_messages={
            "required": "Enter a word or phrase to search for",
            "max_length": f"Search term must be {MAX_QUERY_LENGTH} characters or fewer",
        },
    )
    show = forms.MultipleChoiceField(
        label="Show",
        choices=[(FINDING, "Findings"), (RECOMMENDATION, "Recommendations")],
        required=False,
        widget=FilterCheckboxes(),
    )
    theme = forms.MultipleChoiceField(label="Themes", required=False, widget=FilterCheckboxes())
    review_kind = forms.MultipleChoiceField(
        label="Kind of review", choices=ReviewKind.choices, required=False, widget=FilterCheckboxes()
    )
    finding_kind = forms.MultipleChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        required=False,
        help_text="Recommendations are left out when you choose a kind of finding.",
        widget=FilterCheckboxes(),
    )

    FILTERS = ("show", "theme", "review_kind", "finding_kind")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The taxonomy is shared by every partnership: listing it reveals nothing about any review.
        self.fields["theme"].choices = list(Theme.objects.order_by("name").values_list("slug", "name"))

    def filter_fields(self):
        return [self[name] for name in self.FILTERS]

    def filters_used(self) -> bool:
        return self.is_bound and any(self.data.getlist(name) for name in self.FILTERS)


@require_safe
@login_required
@never_cache
def search_page(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        results = search(
            request.user,
            data["q"],
            kinds=data["show"] or KINDS,
            themes=data["theme"],
            review_kinds=data["review_kind"],
            finding_kinds=data["finding_kind"],
            page=request.GET.get("page", 1),
        )
    context = {"form": form, "results": results}
    if results is not None:
        page = results.page
        context["page_range"] = elided_pages(page)
    return render(request, "reviews/search/search.html", context)


@require_safe
@login_required
@never_cache
def finding_similar(request, pk: int):
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("review").prefetch_related("themes"), pk=pk
    )
    similar = similar_findings(request.user, finding)
    return render(request, "reviews/search/finding_similar.html", {"finding": finding, "similar": similar})


urlpatterns = [
    path("search/", search_page, name="search"),
    path("findings/<int:pk>/similar/", finding_similar, name="finding_similar"),
]
