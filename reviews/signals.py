"""Guards on many-to-many links, which no check constraint can reach, and the stored clock verdicts.

A finding or recommendation may only name agencies of its own review's partnership, and a
recommendation may only cite findings of its own review. Adding anything else is refused
before it is written, whichever side of the link it is added from.

The deadlines a review has met are stored again whenever the review or its partnership is saved
(reviews/clock/stored.py says why they are stored at all).
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from agencies.models import Partnership

from .clock.stored import store_all_met_deadlines, store_met_deadlines
from .models import Finding, Recommendation, Review


@receiver(post_save, sender=Review)
def store_the_reviews_met_deadlines(sender, instance, raw=False, **kwargs):
    if not raw:  # a fixture being loaded: its rows come with it
        store_met_deadlines([instance])


@receiver(post_save, sender=Partnership)
def store_the_partnerships_met_deadlines(sender, instance, created, raw=False, **kwargs):
    # The nation picks the bank holidays, and so every due date of the partnership's reviews.
    if not created and not raw:
        store_all_met_deadlines(instance.reviews.all())


@receiver(m2m_changed, sender=Finding.agencies.through)
@receiver(m2m_changed, sender=Recommendation.agencies.through)
def only_agencies_of_the_reviews_partnership(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # instance is the agency; pk_set are findings or recommendations
        strays = model.objects.filter(pk__in=pk_set).exclude(review__partnership_id=instance.partnership_id)
    else:
        strays = model.objects.filter(pk__in=pk_set).exclude(partnership_id=instance.review.partnership_id)
    if strays.exists():
        raise ValidationError("Choose agencies of the review's own partnership.")


@receiver(m2m_changed, sender=Recommendation.findings.through)
def only_findings_of_the_same_review(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if model.objects.filter(pk__in=pk_set).exclude(review_id=instance.review_id).exists():
        raise ValidationError("Link only findings and recommendations of the same review.")
