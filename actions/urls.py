from .views import evidence, inbox, plans, spreadsheets, verification, work

urlpatterns = [
    *work.urlpatterns,
    *plans.urlpatterns,
    *evidence.urlpatterns,
    *verification.urlpatterns,
    *spreadsheets.urlpatterns,
    *inbox.urlpatterns,
]
