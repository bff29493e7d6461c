from .views import (
    ActionPlanViewSet,
    ActionViewSet,
    EvidenceViewSet,
    NotificationViewSet,
    ProgressUpdateViewSet,
)

ROUTES = [
    ("action-plans", ActionPlanViewSet, "action-plan"),
    ("actions", ActionViewSet, "action"),
    ("progress-updates", ProgressUpdateViewSet, "progress-update"),
    ("evidence", EvidenceViewSet, "evidence"),
    ("notifications", NotificationViewSet, "notification"),
]
