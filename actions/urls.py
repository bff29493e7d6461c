from .views import plans, work

urlpatterns = [
    *work.urlpatterns,
    *plans.urlpatterns,
]
