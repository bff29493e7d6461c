from .views import analysis, dashboards, evidence, inbox, plans, reports, spreadsheets, verification, work

urlpatterns = [
    *work.urlpatterns,
    *plans.urlpatterns,
    *evidence.urlpatterns,
    *verification.urlpatterns,
    *spreadsheets.urlpatterns,
    *inbox.urlpatterns,
    *dashboards.urlpatterns,
    *analysis.urlpatterns,
    *reports.urlpatterns,
]
