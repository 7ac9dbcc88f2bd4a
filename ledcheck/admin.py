"""Admin adjustments for third-party apps."""

from axes.admin import AccessAttemptAdmin
from django.utils.translation import gettext_lazy as _

# django-axes labels its status column from the method name, which Django shows untranslated ("Status").
AccessAttemptAdmin.status.short_description = _("Status")
