from .views import briefs, content, lifecycle, pages, register, search

urlpatterns = [
    *pages.urlpatterns,
    *register.urlpatterns,
    *lifecycle.urlpatterns,
    *content.urlpatterns,
    *briefs.urlpatterns,
    *search.urlpatterns,
]
