from .views import evidence, plans, spreadsheets, verification, work

urlpatterns = [
    *work.urlpatterns,
    *plans.urlpatterns,
    *evidence.urlpatterns,
    *verification.urlpatterns,
    *spreadsheets.urlpatterns,
]
