"""An action answers recommendations of its own plan's review, never another review's."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import Action


@receiver(m2m_changed, sender=Action.recommendations.through)
def only_recommendations_of_the_plans_review(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # instance is the recommendation; pk_set are actions
        strays = model.objects.filter(pk__in=pk_set).exclude(plan__review_id=instance.review_id)
    else:
        strays = model.objects.filter(pk__in=pk_set).exclude(review_id=instance.plan.review_id)
    if strays.exists():
        raise ValidationError("Link the action only to recommendations of its plan's review.")
