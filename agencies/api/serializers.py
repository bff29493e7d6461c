from rest_framework import serializers

from agencies.models import Agency


class AgencySerializer(serializers.ModelSerializer):
    partnership_name = serializers.CharField(source="partnership.name", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "partnership", "partnership_name", "name", "short_name", "kind", "is_active"]
        read_only_fields = fields
