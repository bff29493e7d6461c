"""Keeps groups and object permissions in step with every write, whichever path it takes.

The rules themselves live in agencies.permissions; these receivers only say when to apply them.
"""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import permissions
from .models import Agency, Membership, Partnership, Role


@receiver(post_save, sender=Partnership)
def partnership_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        permissions.partnership_groups_ensure(instance)


@receiver(post_save, sender=Agency)
def agency_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        permissions.agency_group_ensure(instance)


@receiver(post_delete, sender=Partnership)
@receiver(post_delete, sender=Agency)
def owner_deleted(sender, instance, **kwargs):
    permissions.groups_delete_for(instance)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    permissions.person_groups_sync(instance.user)
    if instance.role == Role.LEAD_REVIEWER:
        from reviews.models import Review

        permissions.reviews_permissions_sync(
            Review.objects.filter(lead_reviewer_id=instance.user_id, partnership_id=instance.partnership_id)
        )


def connect_review_records():
    """Connect the receivers for the review records; called once the apps are ready."""
    from actions.models import Action, ActionPlan
    from reviews.models import Finding, Recommendation, Review

    def sync_review_of(instance):
        review_id = instance.pk if isinstance(instance, Review) else getattr(instance, "review_id", None)
        if review_id is None and isinstance(instance, Action):
            review_id = (
                ActionPlan.objects.filter(pk=instance.plan_id).values_list("review_id", flat=True).first()
            )
        review = Review.objects.filter(pk=review_id).select_related("partnership").first()
        if review is not None:  # gone already when the whole review is being deleted
            permissions.review_permissions_sync(review)

    def record_changed(sender, instance, raw=False, origin=None, **kwargs):
        if raw or _part_of_deleting_a_review(origin):
            return
        sync_review_of(instance)

    def _part_of_deleting_a_review(origin) -> bool:
        # The review's own rows go with it; re-granting them mid-cascade would leave dangling rows.
        return isinstance(origin, Review) or (isinstance(origin, QuerySet) and origin.model is Review)

    def addressees_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
        if reverse and action == "pre_clear":
            # A clear from the agency's side names no rows afterwards: note the reviews now.
            instance._reviews_before_clear = list(
                model.objects.filter(agencies=instance).values_list("review_id", flat=True)
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            sync_review_of(instance)
            return
        # From the agency's side: every review of the findings or recommendations touched.
        if action == "post_clear":
            touched = instance.__dict__.pop("_reviews_before_clear", [])
        else:
            touched = model.objects.filter(pk__in=pk_set).values_list("review_id", flat=True)
        permissions.reviews_permissions_sync(Review.objects.filter(pk__in=touched))

    for model in (Review, Finding, Recommendation, ActionPlan, Action):
        post_save.connect(
            record_changed, sender=model, dispatch_uid=f"permissions-save-{model.__name__}", weak=False
        )
    for model in (Recommendation, ActionPlan):
        post_delete.connect(
            record_changed, sender=model, dispatch_uid=f"permissions-delete-{model.__name__}", weak=False
        )
    for through in (Finding.agencies.through, Recommendation.agencies.through):
        m2m_changed.connect(
            addressees_changed, sender=through, dispatch_uid=f"permissions-m2m-{through.__name__}", weak=False
        )
