from .views import briefs, content, dates, lifecycle, pages, register, search

urlpatterns = [
    *pages.urlpatterns,
    *register.urlpatterns,
    *lifecycle.urlpatterns,
    *content.urlpatterns,
    *briefs.urlpatterns,
    *search.urlpatterns,
    *dates.urlpatterns,
]
