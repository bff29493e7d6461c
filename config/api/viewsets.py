"""The viewset every API endpoint starts from.

Lists and single records come from one "visible to this person" query (the same the pages use), so a
record of another partnership, agency or review answers 404 like one that does not exist. Writes read
their input with a strict serializer, call the app's service (which checks the person may write and
raises PermissionDenied, answered 403, when they may only read) and answer with the record as read.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response


class VisibleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend, OrderingFilter]

    def visible(self, user):
        """The records `user` may see, ready to serialize."""
        raise NotImplementedError

    def get_queryset(self):
        return self.visible(self.request.user)

    def valid_input(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def answer(self, record, status_code=status.HTTP_200_OK) -> Response:
        """The record as a GET of it would show it, read again through the visible query."""
        record = self.visible(self.request.user).get(pk=record.pk)
        return Response(self.get_serializer(record).data, status=status_code)

    def edited(self, serializer_class, current: dict) -> dict:
        """PUT replaces every field; PATCH changes only those sent, the rest keep `current`."""
        partial = self.request.method == "PATCH"
        return current | self.valid_input(serializer_class, partial=partial)
