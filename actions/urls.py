from .views import analysis, evidence, inbox, plans, reports, spreadsheets, verification, work

urlpatterns = [
    *work.urlpatterns,
    *plans.urlpatterns,
    *evidence.urlpatterns,
    *verification.urlpatterns,
    *spreadsheets.urlpatterns,
    *inbox.urlpatterns,
    *analysis.urlpatterns,
    *reports.urlpatterns,
]
