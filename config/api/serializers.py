"""Input serializers that refuse what they do not accept.

DRF drops unknown and read-only fields without a word, so a client sending `plan` to move an action, or
`notified_on` to change a review's date, would get 200 and believe it. Here each such field answers 400
with a message that says why it cannot be set and, where there is one, which endpoint sets it.
"""

from collections.abc import Mapping

from rest_framework import serializers

NOT_ACCEPTED = "This field cannot be set here."


class StrictSerializer(serializers.Serializer):
    # {field name: why it cannot be set here}; any other field not accepted gets NOT_ACCEPTED.
    refusals: dict[str, str] = {}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            accepted = {name for name, field in self.fields.items() if not field.read_only}
            refused = sorted(set(data) - accepted)
            if refused:
                raise serializers.ValidationError(
                    {name: [self.refusals.get(name, NOT_ACCEPTED)] for name in refused}
                )
        return super().to_internal_value(data)


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A record chosen by id among those the person may see (`visible(user)`): another partnership's or
    agency's record is refused with the same message as one that does not exist.

    `queryset` names the model (for the schema); the choices are always `visible(user)`."""

    def __init__(self, *, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible(self.context["request"].user)
