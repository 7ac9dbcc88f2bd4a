from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def normalise_email(email: str) -> str:
    """The stored form of an address: trimmed and lower-cased whole. Mail systems treat the local part as
    case-insensitive in practice, and one person must not get two accounts by capitalising differently."""
    return (email or "").strip().lower()


class LedcheckUserManager(UserManager):
    @classmethod
    def normalize_email(cls, email):
        return normalise_email(email)


class User(AbstractUser):
    """A person with an account: municipal officers, consultants and curators. Workshop participants have
    none (they are known by a key on their own device).

    The e-mail address is stored normalised (``normalise_email``) and unique when given.
    """

    email = models.EmailField(_("email address"), blank=True)

    objects = LedcheckUserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lower_case"),
        ]

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)
