from .views import AgencyViewSet

ROUTES = [("agencies", AgencyViewSet, "agency")]
