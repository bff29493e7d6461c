from config.api.viewsets import VisibleViewSet

from ..selectors import agencies_visible_to
from .filters import AgencyFilter
from .serializers import AgencySerializer


class AgencyViewSet(VisibleViewSet):
    """The agencies of the partnerships you hold a role in."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["name", "id"]
    ordering = ["partnership_id", "name"]

    def visible(self, user):
        return agencies_visible_to(user).select_related("partnership")
