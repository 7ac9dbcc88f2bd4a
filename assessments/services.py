"""Writes for the assessments app. Keyword-only arguments, one transaction each."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import normalise_email
from assessments import portable, signals
from assessments.models import Answer, Assessment, AssessmentResult, Invitation, Locality, Membership
from cases.selectors import case_data_for, published_library
from core.errors import ServiceError
from core.text import field_fit
from framework import definition as fw
from framework import scoring, similarity
from framework.models import FrameworkVersion
from questionnaire import answers as rows
from questionnaire.flow import Locked


class AssessmentLocked(Locked):
    """The assessment is submitted and therefore read-only."""


class IncompleteAssessment(ServiceError):
    """Submit refused: ``errors`` maps every missing or invalid indicator to why."""


def answer_problems(framework: fw.Framework, answers: dict) -> dict[str, str]:
    """``{indicator code: message}`` for every question that blocks submission, in framework order.

    "Don't know" counts as an answer; an empty multi list is the explicit "none of these".
    """
    problems = {}
    for code, indicator in framework.indicators.items():
        value = answers.get(code)
        if value is None:
            problems[code] = str(_("This question is not answered yet."))
            continue
        try:
            indicator.validate(value)
        except ValueError as exc:
            problems[code] = str(_("This answer is not valid: %(reason)s") % {"reason": exc})
    return problems


@transaction.atomic
def create_locality(*, user, name: str, country: str, region_type: str, population_band: str) -> Locality:
    """Create a locality with ``user`` as its owner."""
    if region_type not in fw.load().indicators["CTX.region_type"].option_codes:
        message = _("Choose one of the listed types of region.")
        raise ServiceError(message, {"region_type": message})
    locality = Locality.objects.create(
        name=name.strip(),
        country=country.strip(),
        region_type=region_type,
        population_band=population_band,
        created_by=user,
    )
    Membership.objects.create(locality=locality, user=user, role=Membership.Role.OWNER)
    return locality


@transaction.atomic
def add_member(*, locality: Locality, by, identifier: str) -> Membership:
    """Add the user whose username or email is ``identifier``; only an owner of ``locality`` may.

    Not reachable from any page (a locality grows by invitations, ``invite``/``accept_invitation``): for
    set-up scripts, tests and the admin's shell."""
    if not locality.memberships.filter(user=by, role=Membership.Role.OWNER).exists():
        raise ServiceError(_("Only an owner of this locality can add members."))
    identifier = identifier.strip()
    User = get_user_model()
    users = list(
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True)[:2]
    )
    if not identifier or not users:
        message = _("No user with this username or email.")
        raise ServiceError(message, {"identifier": message})
    if len(users) > 1:
        message = _("Several users match this email; use the username instead.")
        raise ServiceError(message, {"identifier": message})
    user = users[0]
    if locality.memberships.filter(user=user).exists():
        message = _("%(user)s is already a member.") % {"user": user.get_username()}
        raise ServiceError(message, {"identifier": message})
    return Membership.objects.create(locality=locality, user=user, role=Membership.Role.MEMBER)


class InvitationError(ServiceError):
    """An invitation that cannot be accepted (the message says why, and what to do)."""


def _require_owner(locality: Locality, user) -> None:
    if not locality.memberships.filter(user=user, role=Membership.Role.OWNER).exists():
        raise ServiceError(_("Only an owner of this locality can do this."))


@transaction.atomic
def invite(*, locality: Locality, by, email: str) -> Invitation:
    """An open invitation of ``email`` to ``locality`` (a new token each time it is sent again).

    The same happens whether or not an account with that address exists, and whether or not it is already
    a member: the owner learns nothing about other people's accounts."""
    _require_owner(locality, by)
    email = normalise_email(email)
    if not email:
        message = _("Enter an email address.")
        raise ServiceError(message, {"email": message})
    Invitation.objects.filter(locality=locality, email=email, accepted_at__isnull=True).delete()
    return Invitation.objects.create(locality=locality, email=email, invited_by=by)


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    """Make ``user`` a member of the invitation's locality: only when logged in with the invited address,
    verified. Accepting twice (a retried request) gives the same membership."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.expired:
        raise InvitationError(_("This invitation does not exist or has expired; ask for a new one."))
    existing = Membership.objects.filter(locality=invitation.locality, user=user).first()
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk and existing is not None:
            return existing
        raise InvitationError(_("This invitation was already accepted."))
    if normalise_email(user.email) != invitation.email:
        raise InvitationError(
            _("This invitation was sent to another email address. Log in with the account of that address.")
        )
    if not user.email_verified:
        raise InvitationError(
            _("Confirm your email address first: open the link we sent to it, then come back.")
        )
    membership = existing or Membership.objects.create(
        locality=invitation.locality, user=user, role=Membership.Role.MEMBER
    )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """End ``membership``: an owner removes anyone, a member removes themself (leaves). A locality keeps at
    least one owner; the member's workshops go to an owner (``signals.membership_ended``)."""
    locality = Locality.objects.select_for_update().get(pk=membership.locality_id)
    membership = Membership.objects.filter(pk=membership.pk, locality=locality).first()
    if membership is None:
        raise ServiceError(_("This person is no longer a member."))
    if membership.user_id != by.pk:
        _require_owner(locality, by)
    owners = list(
        locality.memberships.filter(role=Membership.Role.OWNER).exclude(pk=membership.pk).order_by("pk")
    )
    if not owners:
        raise ServiceError(
            _("A locality needs at least one owner: make someone else an owner before this owner leaves.")
        )
    user = membership.user
    membership.delete()
    signals.membership_ended.send(sender=Membership, locality=locality, user=user, owner=owners[0].user)


@transaction.atomic
def make_owner(*, membership: Membership, by) -> Membership:
    """Give a member the owner role (only an owner may)."""
    _require_owner(membership.locality, by)
    membership.role = Membership.Role.OWNER
    membership.save(update_fields=["role"])
    return membership


def _default_title(locality: Locality) -> str:
    # Numbered, so that several assessments started the same day stay distinguishable.
    number = locality.assessments.count() + 1
    title = _("Self-assessment %(number)d of %(locality)s")
    return field_fit(Assessment, "title", title % {"number": number, "locality": locality.name})


@transaction.atomic
def start_assessment(*, locality: Locality, user, title: str = "") -> Assessment:
    """A new draft under the current framework; the type of region is taken from the locality."""
    version = FrameworkVersion.current()
    assessment = Assessment.objects.create(
        locality=locality, framework=version, title=title.strip() or _default_title(locality), created_by=user
    )
    region_type = version.framework.indicators.get("CTX.region_type")
    if region_type is not None and locality.region_type in region_type.option_codes:
        Answer.objects.create(
            assessment=assessment, indicator=region_type.code, value=locality.region_type, updated_by=user
        )
    return assessment


def carried_over(framework: fw.Framework, from_slug: str, rows: dict[str, tuple]) -> dict[str, tuple]:
    """``{code: (value, evidence)}`` given under version ``from_slug`` as ``framework`` accepts them.

    When ``framework`` declares how it migrates from that version (``migration_from``: v1 to v2), options
    are mapped through it (an option mapped to ``null``, like v1's "informal" policy institution, which v2
    splits in two, must be answered again). Any answer the new version does not accept is left out (asked
    again) rather than carried over invalid; evidence notes are kept.
    """
    indicators = framework.indicators
    migration = framework.definition.get("migration_from", {})
    if framework.definition.get("migration_from_slug") != from_slug:
        migration = {}
    out = {}
    for code, (value, evidence) in rows.items():
        rule = migration.get(code)
        if rule is not None:
            code = rule.get("to", code)
            options = rule.get("options", {})
            if isinstance(value, list):
                value = [options.get(v, v) for v in value if options.get(v, v) is not None]
            elif value is not None and value != fw.DONT_KNOW:
                value = options.get(value, value)
        indicator = indicators.get(code)
        if indicator is None:
            continue
        try:
            value = indicator.validate(value)
        except ValueError:
            value = None
        out[code] = (value, evidence)
    return out


def import_warnings(*, locality: Locality, data: bytes) -> list[str]:
    """What the officer should know about a portable file before trusting the draft made from it: that it
    names another locality, or that it was answered under an earlier framework version."""
    parsed = portable.parse(data)
    warnings = []
    named = (parsed.locality or {}).get("name", "").strip()
    if named and named.casefold() != locality.name.strip().casefold():
        warnings.append(
            _(
                "The file names another locality, “%(named)s”, not “%(locality)s”: check that it is the "
                "right one."
            )
            % {"named": named, "locality": locality.name}
        )
    current = FrameworkVersion.current()
    if parsed.framework.slug != current.slug:
        warnings.append(
            _(
                "The file was answered under framework version %(old)s; it was imported into the current "
                "version %(new)s. Answers whose options changed are left for you to give again."
            )
            % {"old": parsed.framework.slug, "new": current.slug}
        )
    return warnings


def _create_answers(*, assessment: Assessment, user, rows: dict[str, tuple]) -> None:
    Answer.objects.bulk_create(
        Answer(assessment=assessment, indicator=code, value=value, evidence=evidence, updated_by=user)
        for code, (value, evidence) in rows.items()
        if value is not None or evidence
    )


@transaction.atomic
def copy_assessment(*, source: Assessment, user, title: str = "") -> Assessment:
    """A new draft of the same locality holding ``source``'s answers and evidence notes.

    The copy is made under the current framework version; answers that version does not accept are left out
    (they would have to be given again) rather than carried over invalid.
    """
    version = FrameworkVersion.current()
    rows = carried_over(
        version.framework,
        source.framework.slug,
        {a.indicator: (a.value, a.evidence) for a in source.answers.all()},
    )
    assessment = Assessment.objects.create(
        locality=source.locality,
        framework=version,
        title=title.strip() or _default_title(source.locality),
        created_by=user,
        copied_from=source,
    )
    _create_answers(assessment=assessment, user=user, rows=rows)
    return assessment


@transaction.atomic
def save_step(*, assessment: Assessment, user, answers: dict, evidence: dict[str, str]) -> None:
    """Upsert the answers and evidence notes of one questionnaire step, all or nothing.

    ``answers`` maps indicator codes to values (``None`` = unanswered, allowed in a draft); ``evidence`` maps
    codes to notes; a code absent from one of them keeps that part as stored
    (``questionnaire.answers.write``).
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        raise AssessmentLocked(_("This assessment was submitted and can no longer be changed."))
    clean = rows.validate(locked.framework.framework, answers, evidence)
    rows.write(locked.answers, clean=clean, answers=answers, evidence=evidence, defaults={"updated_by": user})


@transaction.atomic
def submit_assessment(*, assessment: Assessment, user) -> Assessment:
    """Mark a complete draft submitted (read-only from then on), or raise ``IncompleteAssessment``."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        raise AssessmentLocked(_("This assessment was already submitted."))
    answers = {a.indicator: a.value for a in locked.answers.all()}
    problems = answer_problems(locked.framework.framework, answers)
    if problems:
        raise IncompleteAssessment(_("Some questions still need an answer."), problems)
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    assessment.status, assessment.submitted_at = locked.status, locked.submitted_at
    if locked.framework.framework.is_v2:
        store_results(assessment=locked, reason=AssessmentResult.Reason.SUBMITTED)
    return locked


def results_data(assessment: Assessment) -> tuple[dict, str, int]:
    """(the results as stored data, the case library's state, cases compared) of ``assessment`` now."""
    version = assessment.framework
    framework = version.framework
    values, _evidence = rows.read(assessment.answers)
    band = assessment.locality.population_band
    # The published cases encoded once per library state (cases.selectors.published_library); only the
    # three matches shown are read in full.
    library = published_library(version)
    result = scoring.score(framework, values, population_band=band)
    matches = similarity.rank_library(framework, values, library, _loader(framework), top=3)
    sure = similarity.sureness_library(framework, values, library)
    named = {sure.runner_up, *(p.closest for p in sure.pivots)}
    data = {
        "framework": version.slug,
        "score": result.as_stored(values, band),
        "matches": [similarity.match_as_stored(m) for m in matches],
        "sureness": {
            "margin": sure.margin,
            "runner_up": sure.runner_up,
            "pivots": [
                {"code": p.code, "value": p.value, "was": p.was, "closest": p.closest} for p in sure.pivots
            ],
            # The names of the cases the sureness names (not of the whole library).
            "names": {
                slug: name for slug, name in zip(library.slugs, library.names, strict=True) if slug in named
            },
        },
    }
    return data, library.state, len(library)


@transaction.atomic
def store_results(*, assessment: Assessment, reason: str) -> AssessmentResult:
    """Compute and freeze the results of a submitted assessment against the case library as it is now."""
    data, state, n = results_data(assessment)
    return AssessmentResult.objects.create(
        assessment=assessment,
        framework_slug=assessment.framework.slug,
        library_state=state,
        cases=n,
        reason=reason,
        data=data,
    )


@transaction.atomic
def rematch_assessment(*, assessment: Assessment, user) -> AssessmentResult:
    """Match a submitted assessment again with the case library as it is now; the earlier results are kept."""
    if assessment.is_draft:
        raise ServiceError(_("Only a submitted assessment has stored results to re-match."))
    if not assessment.framework.framework.is_v2:
        raise ServiceError(_("Assessments of an earlier framework version keep their results."))
    return store_results(assessment=assessment, reason=AssessmentResult.Reason.REMATCH)


@transaction.atomic
def import_assessment(*, locality: Locality, user, data: bytes) -> Assessment:
    """A new draft of ``locality`` from a portable JSON document; ``portable.PortableError`` names each
    wrong field and nothing is saved then."""
    parsed = portable.parse(data)
    if not FrameworkVersion.objects.filter(slug=parsed.framework.slug).exists():
        raise portable.PortableError([("framework", f"framework {parsed.framework.slug!r} is not installed")])
    # A file of an earlier version (a v1 file) imports into the current version, its answers carried over.
    version = FrameworkVersion.current()
    default_title = field_fit(
        Assessment, "title", str(_("Imported assessment of %(locality)s")) % {"locality": locality.name}
    )
    assessment = Assessment.objects.create(
        locality=locality,
        framework=version,
        title=parsed.title.strip() or default_title,
        created_by=user,
    )
    codes = set(parsed.answers) | set(parsed.evidence)
    rows = {code: (parsed.answers.get(code), parsed.evidence.get(code, "")) for code in codes}
    if parsed.framework.slug != version.slug:
        rows = carried_over(version.framework, parsed.framework.slug, rows)
    _create_answers(assessment=assessment, user=user, rows=rows)
    return assessment


def _loader(framework):
    """Reads the cases ranking shows (the top three) in full, by their database ids."""
    return lambda keys: case_data_for(keys, named_only=framework.is_v2)
