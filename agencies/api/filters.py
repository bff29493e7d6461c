import django_filters

from config.api.filters import IdFilter

from ..models import Agency


class AgencyFilter(django_filters.FilterSet):
    partnership = IdFilter()

    class Meta:
        model = Agency
        fields = ["partnership", "kind", "is_active"]
