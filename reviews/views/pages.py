from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.models import AccessEvent
from agencies.services import access_record
from config.paging import elided_pages

from .. import selectors

# A page of the home list: ten years of a partnership's reviews would make one page of hundreds of rows.
HOME_PAGE_SIZE = 50


@require_safe
@login_required
def home(request):
    reviews = selectors.review_list_for(request.user)
    page = Paginator(reviews, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/home.html",
        {
            "reviews": list(page.object_list),
            "page": page,
            "page_range": elided_pages(page),
        },
    )


@require_safe
@login_required
@never_cache
def review_detail(request, pk: int):
    review = selectors.review_for_reading(request.user, pk)
    access_record(user=request.user, event=AccessEvent.VIEWED_REVIEW, obj=review)
    return render(request, "reviews/review_detail.html", selectors.review_page_for(request.user, review))


urlpatterns = [
    path("", home, name="home"),
    path("reviews/<int:pk>/", review_detail, name="review_detail"),
]
