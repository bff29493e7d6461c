"""The one "visible to this user" query, shared by every scoped model.

Pages, exports, the API and tasks all start from `Model.objects.visible_to(user)`; what it returns
is decided by the object permissions that agencies.permissions grants.
"""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user


class VisibleToQuerySet(QuerySet):
    def visible_to(self, user):
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        return self.with_permission(user, "view")

    def changeable_by(self, user):
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        return self.with_permission(user, "change")

    def with_permission(self, user, action: str):
        # Object permissions only: a model-wide permission must never open every partnership's rows.
        return get_objects_for_user(
            user,
            f"{action}_{self.model._meta.model_name}",
            klass=self,
            accept_global_perms=False,
            with_superuser=False,
        )
