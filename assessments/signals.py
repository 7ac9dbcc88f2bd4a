"""Signals of the assessments app, for apps above it (workshops) to act on without assessments importing
them."""

from django.dispatch import Signal

# Sent after a membership ended (removed by an owner, or the member left): ``locality``, ``user`` and
# ``owner``, the owner who takes over what the member ran (ledcheck/handoff.py hands over their workshops).
membership_ended = Signal()
