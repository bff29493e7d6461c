from .views import evidence, plans, verification, work

urlpatterns = [
    *work.urlpatterns,
    *plans.urlpatterns,
    *evidence.urlpatterns,
    *verification.urlpatterns,
]
