"""When a membership ends, the workshops the person ran in that locality go to one of its owners, so that
none becomes unreachable (workshops sit above assessments, which therefore only sends a signal)."""

from django.dispatch import receiver

from assessments.signals import membership_ended
from workshops.models import Workshop


@receiver(membership_ended, dispatch_uid="ledcheck.handoff.workshops")
def hand_over_workshops(sender, *, locality, user, owner, **kwargs):
    Workshop.objects.filter(locality=locality, owner=user).update(owner=owner)
