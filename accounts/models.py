import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

USERNAME_PUNCTUATION = set("@.+-_")


def normalise_email(email: str) -> str:
    """The stored form of an address: trimmed and lower-cased whole. Mail systems treat the local part as
    case-insensitive in practice, and one person must not get two accounts by capitalising differently."""
    return (email or "").strip().lower()


def username_skeleton(username: str) -> str:
    """What a username looks like, for telling look-alikes apart: compatibility forms folded (NFKC), accents
    dropped, case folded. ``Alice``, ``alice`` and ``álice`` share one skeleton."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", username))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@deconstructible
class LatinUsernameValidator:
    """Letters of the Latin script (accents and ñ included), ASCII digits and @ . + - _ only.

    A Cyrillic ``а`` or a Greek ``ο`` looks exactly like a Latin letter: ``аlice`` beside ``alice`` would let
    one person pass for another in member lists and invitations."""

    message = _(
        "Use only Latin letters (accents and ñ are fine), digits and @ . + - _ in the username; letters of "
        "other alphabets look like Latin ones and could be taken for another person's name."
    )
    code = "invalid"

    def __call__(self, value):
        for char in unicodedata.normalize("NFKC", str(value)):
            if char in USERNAME_PUNCTUATION or ("0" <= char <= "9"):
                continue
            if char.isalpha() and unicodedata.name(char, "").startswith("LATIN "):
                continue
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, LatinUsernameValidator)


class LedcheckUserManager(UserManager):
    @classmethod
    def normalize_email(cls, email):
        return normalise_email(email)


class User(AbstractUser):
    """A person with an account: municipal officers, consultants and curators. Workshop participants have
    none (they are known by a key on their own device).

    The e-mail address is stored normalised (``normalise_email``). It counts (invitations, locality
    membership) only once verified: ``email_verified`` is set by opening the link mailed to it
    (``accounts.verification``) and cleared whenever the address changes. A verified address belongs to one
    account only; an unverified one may sit on several (so that registering someone else's address first
    blocks nobody), and is taken from the others when one of them verifies it.
    """

    username_validator = LatinUsernameValidator()

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Required. 150 characters or fewer. Latin letters, digits and @/./+/-/_ only."),
        validators=[username_validator],
        error_messages={"unique": _("A user with that username already exists.")},
    )
    email = models.EmailField(_("email address"), blank=True)
    email_verified = models.BooleanField(
        _("email address verified"),
        default=False,
        help_text=_("Set when the user opened the link sent to this address; cleared when it changes."),
    )

    objects = LedcheckUserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email="") & Q(email_verified=True),
                name="user_verified_email_unique",
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lower_case"),
            models.CheckConstraint(
                condition=~Q(email="", email_verified=True), name="user_verified_email_not_empty"
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_email = self.email

    def clean(self):
        super().clean()
        skeleton = username_skeleton(self.username or "")
        others = User.objects.exclude(pk=self.pk).values_list("username", flat=True)
        if skeleton and any(username_skeleton(name) == skeleton for name in others.iterator()):
            raise ValidationError(
                {"username": _("This username is too much like an existing one; choose another.")}
            )

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        if self.email != normalise_email(self._loaded_email) or not self.email:
            self.email_verified = False
            if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
                kwargs["update_fields"] = {*kwargs["update_fields"], "email_verified"}
        super().save(*args, **kwargs)
        self._loaded_email = self.email
