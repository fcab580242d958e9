"""The register's operations, each answering with the national service's code.

Views, the JSON API, the command line and the in-process client all call these
functions, so a learner is found, registered or changed the same way whatever asks.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.identifiers import (
    normalise_name,
    normalise_postcode,
    random_uln,
    validate_postcode,
)
from examsoffice.matching import normalise
from examsoffice.matching.engine import Decision, FindOutcome
from examsoffice.matching.scores import as_percent
from examsoffice.register import checks, matcher
from examsoffice.register.codes import (
    VRF_DOB_DIFFERS,
    VRF_FAMILY_DIFFERS,
    VRF_FAMILY_IS_GIVEN,
    VRF_FAMILY_IS_PREVIOUS,
    VRF_GENDER_DIFFERS,
    VRF_GIVEN_DIFFERS,
    VRF_GIVEN_IS_FAMILY,
    VRF_GIVEN_IS_PREVIOUS_FAMILY,
    Code,
    VerifyCode,
)
from examsoffice.register.matcher import Query
from examsoffice.register.models import (
    UNKNOWN_POSTCODE,
    ChangeAction,
    Gender,
    IssuedUln,
    Learner,
    LearnerChange,
    LearnerStatus,
    Organisation,
    PreviousFamilyName,
)

logger = logging.getLogger(__name__)

# ULNs come from the operating system's randomness, so nobody can guess the next.
_uln_source = random.SystemRandom()
ULN_ATTEMPTS = 20


@dataclass(frozen=True)
class Actor:
    """Who asks: a signed-in person, an organisation through the API, or both."""

    user: Any = None
    organisation: Organisation | None = None

    @property
    def is_register_operator(self) -> bool:
        return self.user is not None and user_has_role(
            self.user, Role.REGISTER_OPERATOR
        )


SYSTEM = Actor()


@dataclass(frozen=True)
class LearnerDetails:
    """A learner's details as a sender gives them, in the register's own terms."""

    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str = Gender.NOT_KNOWN.value
    postcode: str = ""
    title: str = ""
    middle_names: str = ""
    preferred_given_name: str = ""
    previous_family_name: str = ""
    family_name_at_16: str = ""
    school_at_16: str = ""
    address_line1: str = ""
    address_line2: str = ""
    address_town: str = ""
    address_county: str = ""
    email: str = ""
    verification_type: str = ""
    privacy_notice_seen: bool = False

    def query(self) -> Query:
        return Query(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            gender=self.gender,
            postcode=self.postcode,
            previous_family_name=self.previous_family_name,
            middle_names=self.middle_names,
            address_line1=self.address_line1,
            address_town=self.address_town,
        )


# Fields of a learner that a sender may change through an update.
UPDATABLE = (
    "title",
    "given_name",
    "middle_names",
    "family_name",
    "preferred_given_name",
    "family_name_at_16",
    "school_at_16",
    "date_of_birth",
    "gender",
    "address_line1",
    "address_line2",
    "address_town",
    "address_county",
    "postcode",
    "email",
    "verification_type",
    "privacy_notice_seen",
)

# The learner's name fields, stored as normalise_name gives them.
_NAMES = {attribute for attribute, _label in checks.NAME_FIELDS}

# Fields whose change means new blocking keys.
_MATCHED = {
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "gender",
    "postcode",
    "address_line1",
    "address_town",
}


@dataclass(frozen=True)
class Match:
    learner: Learner
    score: float
    differing: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()

    @property
    def shown_score(self) -> str:
        """The score as a person reads it: a percentage, certain only when no
        compared field differs."""
        return as_percent(self.score, all_agree=not self.differing)


@dataclass(frozen=True)
class FindResult:
    code: Code
    matches: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterResult:
    code: Code
    learner: Learner | None = None
    existing: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateResult:
    code: Code
    learner: Learner | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class VerifyResult:
    code: VerifyCode
    flags: list[str] = field(default_factory=list)
    learner: Learner | None = None


@dataclass(frozen=True)
class LinkResult:
    code: Code
    message: str
    master: Learner | None = None


# ---------------------------------------------------------------- checking input


def check_details(details: LearnerDetails) -> list[str]:
    """What stops these details being matched or registered, in words."""
    # A name of only bad characters is reported by its characters, not as empty.
    problems = checks.name_problems(details)
    if not details.given_name.strip():
        problems.append(_("The given name is empty: give the learner's first name."))
    if not details.family_name.strip():
        problems.append(_("The family name is empty: give the learner's surname."))
    if details.date_of_birth is None:
        problems.append(
            _("The date of birth is missing: give it as YYYY-MM-DD, e.g. 2009-03-14.")
        )
    problems.extend(checks.date_of_birth_problems(details.date_of_birth))
    if details.gender not in Gender.values:
        problems.append(
            _(
                "The gender '%(value)s' is not a register code: use 0 (not known), "
                "1 (male), 2 (female) or 9 (not specified)."
            )
            % {"value": details.gender}
        )
    if details.postcode and not _is_unknown_postcode(details.postcode):
        result = validate_postcode(details.postcode)
        if not result.valid:
            problems.append(
                _("The postcode '%(value)s' is not valid: %(reason)s")
                % {"value": details.postcode, "reason": result.reason}
            )
    return problems


def _is_unknown_postcode(value: str) -> bool:
    return normalise.compact(value) == normalise.compact(UNKNOWN_POSTCODE)


def _clean_postcode(value: str) -> str:
    if not value.strip() or _is_unknown_postcode(value):
        return UNKNOWN_POSTCODE
    return normalise_postcode(value)


# ---------------------------------------------------------------- find


def find_by_uln(uln: str, family_name: str, given_name: str) -> FindResult:
    """Find a learner by ULN, if the names given agree with the record."""
    return find_by_ulns([(uln, family_name, given_name)])[0]


def find_by_ulns(asked: Sequence[tuple[str, str, str]]) -> list[FindResult]:
    """:func:`find_by_uln` for many (ULN, family name, given name), in one query."""
    if not asked:
        return []
    ulns = {uln.strip() for uln, _family, _given in asked}
    learners = {
        learner.uln: learner
        for learner in Learner.objects.filter(uln__in=ulns)
        .select_related("master")
        .prefetch_related("previous_family_names", "master__previous_family_names")
    }
    return [
        _by_uln(learners.get(uln.strip()), family, given)
        for uln, family, given in asked
    ]


def _by_uln(learner: Learner | None, family_name: str, given_name: str) -> FindResult:
    if learner is None or not _names_agree(learner, family_name, given_name):
        return FindResult(Code.NO_MATCH)
    if learner.master is not None:
        return FindResult(Code.MASTER_SUBSTITUTED, [Match(learner.master, 1.0)])
    return FindResult(Code.EXACT, [Match(learner, 1.0)])


def _names_agree(learner: Learner, family_name: str, given_name: str) -> bool:
    records = [learner] if learner.master is None else [learner, learner.master]
    family = normalise.compact(family_name)
    given = normalise.compact(given_name)
    for record in records:
        families = {normalise.compact(record.family_name)}
        families |= {normalise.compact(p.name) for p in _previous(record)}
        families.add(normalise.compact(record.family_name_at_16))
        givens = {
            normalise.compact(record.given_name),
            normalise.compact(record.preferred_given_name),
        }
        if family in families and given in givens:
            return True
    return False


def _previous(learner: Learner) -> list[PreviousFamilyName]:
    return list(learner.previous_family_names.all())


def find_by_details(query: Query) -> FindResult:
    """Find learners by personal details: none, too many, possible or exact."""
    problems = find_problems(query)
    if problems:
        return FindResult(Code.INSUFFICIENT_DATA, problems=problems)
    return find_result(matcher.rank(query))


def find_problems(query: Query) -> list[str]:
    """What stops a find by these details, in words."""
    # A postcode the register would not store still helps a find, so only the
    # fields a find cannot do without are checked here.
    details = LearnerDetails(
        query.given_name, query.family_name, query.date_of_birth, query.gender
    )
    return check_details(details)


def find_result(ranked: matcher.Ranked) -> FindResult:
    """A find's answer, in the national service's codes, from its ranking."""
    if ranked.outcome is FindOutcome.NO_MATCH:
        return FindResult(Code.NO_MATCH)
    if ranked.outcome is FindOutcome.TOO_MANY:
        return FindResult(Code.TOO_MANY)

    if ranked.outcome is FindOutcome.EXACT:
        exact = [s for s in ranked.matches if s.result.decision is Decision.EXACT]
        return FindResult(Code.EXACT, [_match(exact[0])])
    matches = [
        _match(s) for s in ranked.matches if s.result.decision is not Decision.NONE
    ]
    return FindResult(Code.POSSIBLE, matches)


# ---------------------------------------------------------------- register


def issue_uln() -> str:
    """Reserve a new random ULN that has never been issued."""
    return issue_ulns(1)[0]


def issue_ulns(count: int) -> list[str]:
    """Reserve ``count`` new random ULNs that have never been issued.

    The reservation is an insert into the table of issued ULNs; a clash with a
    concurrent registration (or any earlier one) fails on its primary key and
    other numbers are drawn.
    """
    fresh: list[str] = []
    for _attempt in range(ULN_ATTEMPTS):
        drawn = [random_uln(_uln_source) for _ in range(count - len(fresh))]
        drawn = list(dict.fromkeys(u for u in drawn if u not in fresh))
        taken = set(
            IssuedUln.objects.filter(uln__in=drawn).values_list("uln", flat=True)
        )
        fresh += [uln for uln in drawn if uln not in taken]
        if len(fresh) < count:
            logger.info("A random ULN had been issued before; drawing another")
            continue
        try:
            with transaction.atomic():
                IssuedUln.objects.bulk_create(IssuedUln(uln=uln) for uln in fresh)
        except IntegrityError:
            logger.info("A random ULN was issued meanwhile; drawing them again")
            fresh = []
            continue
        return fresh
    raise RuntimeError(
        "The register could not find an unused ULN after "
        f"{ULN_ATTEMPTS} attempts; the ULN space may be nearly full."
    )


def create_learner(
    details: LearnerDetails, actor: Actor = SYSTEM, reason: str = ""
) -> Learner:
    """Put a learner on the register with a new ULN, without a duplicate check."""
    return create_learners([details], actor, reason)[0]


def new_learner(details: LearnerDetails, actor: Actor = SYSTEM) -> Learner:
    """A learner as :func:`create_learners` will store them, not yet saved and
    without a ULN."""
    return Learner(registered_by=actor.organisation, **_learner_fields(details))


def previous_names(details: LearnerDetails) -> list[str]:
    name = normalise_name(details.previous_family_name)
    return [name] if name else []


def create_learners(
    many: Sequence[LearnerDetails], actor: Actor = SYSTEM, reason: str = ""
) -> list[Learner]:
    """Put learners on the register with new ULNs, in a few statements for all
    of them (a batch registers a chunk at once), without a duplicate check."""
    learners = [new_learner(details, actor) for details in many]
    with transaction.atomic():
        for learner, uln in zip(learners, issue_ulns(len(learners)), strict=True):
            learner.uln = uln
        Learner.objects.bulk_create(learners)
        PreviousFamilyName.objects.bulk_create(
            PreviousFamilyName(learner=learner, name=name)
            for learner, details in zip(learners, many, strict=True)
            for name in previous_names(details)
        )
        matcher.write_keys_of(
            [
                (learner, previous_names(details))
                for learner, details in zip(learners, many, strict=True)
            ]
        )
        matcher.add_names_of(learners)
        LearnerChange.objects.bulk_create(
            LearnerChange(
                learner=learner,
                action=ChangeAction.REGISTERED,
                changes=_snapshot(learner),
                reason=reason,
                user=actor.user,
                organisation=actor.organisation,
            )
            for learner in learners
        )
    return learners


def _learner_fields(details: LearnerDetails) -> dict[str, Any]:
    values = {
        f.name: getattr(details, f.name)
        for f in fields(details)
        if f.name != "previous_family_name"
    }
    values["postcode"] = _clean_postcode(details.postcode)
    for key, value in values.items():
        if key in _NAMES:
            values[key] = normalise_name(value)
        elif isinstance(value, str):
            values[key] = value.strip()
    return values


def register_learner(
    details: LearnerDetails,
    actor: Actor = SYSTEM,
    *,
    confirm_reason: str = "",
) -> RegisterResult:
    """Register a learner after checking the register does not hold them already.

    A learner who matches one on the register is refused (WSRC0021), unless a
    register operator confirms with a reason that this is a different person.
    """
    problems = check_details(details)
    if problems:
        return RegisterResult(Code.INSUFFICIENT_DATA, problems=problems)

    duplicates = _duplicates(details)
    confirmed = bool(confirm_reason.strip()) and actor.is_register_operator
    if duplicates and not confirmed:
        return RegisterResult(Code.ALREADY_REGISTERED, existing=duplicates)

    reason = confirm_reason.strip()
    if duplicates:
        ulns = ", ".join(m.learner.uln for m in duplicates)
        reason = _("Registered despite possible matches (%(ulns)s): %(reason)s") % {
            "ulns": ulns,
            "reason": reason,
        }
    learner = create_learner(details, actor, reason)
    return RegisterResult(Code.REGISTERED, learner, existing=duplicates)


def _duplicates(details: LearnerDetails) -> list[Match]:
    ranked = matcher.rank(details.query())
    threshold = matcher.current_settings().thresholds.duplicate
    return [_match(s) for s in ranked.matches if s.result.probability >= threshold]


def _match(scored: matcher.Scored) -> Match:
    result = scored.result
    return Match(scored.learner, result.probability, result.differing, result.flags)


# ---------------------------------------------------------------- update


def update_learner(
    uln: str,
    version: int,
    changes: dict[str, Any],
    actor: Actor = SYSTEM,
    reason: str = "",
) -> UpdateResult:
    """Change a learner's details if nobody changed them since ``version`` was read."""
    unknown = sorted(set(changes) - set(UPDATABLE))
    if unknown:
        return UpdateResult(
            Code.INSUFFICIENT_DATA,
            problems=[
                _(
                    "These fields cannot be changed: %(names)s. Fields you may change: "
                    "%(allowed)s."
                )
                % {"names": ", ".join(unknown), "allowed": ", ".join(UPDATABLE)}
            ],
        )
    with transaction.atomic():
        learner = Learner.objects.select_for_update().filter(uln=uln.strip()).first()
        if learner is None:
            return UpdateResult(Code.ULN_NOT_FOUND)
        if learner.version != version:
            return UpdateResult(Code.CHANGED_SINCE_READ, learner)

        diff = _diff(learner, changes)
        if not diff:
            return UpdateResult(Code.NOTHING_CHANGED, learner)
        problems = check_details(_details_after(learner, diff))
        if problems:
            return UpdateResult(Code.INSUFFICIENT_DATA, learner, problems)

        _apply(learner, diff, actor, reason)
    return UpdateResult(Code.UPDATED, learner)


def _diff(learner: Learner, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    diff = {}
    for name, value in changes.items():
        if name in _NAMES:
            value = normalise_name(str(value))
        elif isinstance(value, str):
            value = value.strip()
        if name == "postcode":
            value = _clean_postcode(str(value))
        old = getattr(learner, name)
        if old != value:
            diff[name] = (old, value)
    return diff


def _details_after(
    learner: Learner, diff: dict[str, tuple[Any, Any]]
) -> LearnerDetails:
    def now(name: str) -> Any:
        return diff[name][1] if name in diff else getattr(learner, name)

    return LearnerDetails(
        given_name=now("given_name"),
        family_name=now("family_name"),
        date_of_birth=now("date_of_birth"),
        gender=now("gender"),
        postcode=now("postcode"),
    )


def _apply(
    learner: Learner,
    diff: dict[str, tuple[Any, Any]],
    actor: Actor,
    reason: str,
) -> None:
    old_given, old_family = learner.given_name, learner.family_name
    for name, (_old, new) in diff.items():
        setattr(learner, name, new)
    learner.version += 1
    learner.save()

    # The old family name stays findable: a learner renamed by marriage or deed
    # poll is still sent in under the old name for years.
    if "family_name" in diff:
        PreviousFamilyName.objects.get_or_create(learner=learner, name=old_family)
    if diff.keys() & _MATCHED:
        matcher.write_keys(learner, [p.name for p in _previous(learner)])
    if "given_name" in diff or "family_name" in diff:
        matcher.recount_names(
            (old_given, old_family), (learner.given_name, learner.family_name)
        )
    record_change(learner, ChangeAction.UPDATED, _as_text(diff), actor, reason)


# ---------------------------------------------------------------- verify


def verify_learner(
    uln: str, given_name: str, family_name: str, date_of_birth: date | None, gender: str
) -> VerifyResult:
    """Check a ULN against the details a sender holds, with the failure flags."""
    learner = Learner.objects.filter(uln=uln.strip()).select_related("master").first()
    if learner is None:
        return VerifyResult(VerifyCode.ULN_NOT_FOUND)
    linked = learner.master is not None
    record = learner.master if learner.master is not None else learner

    flags = _verify_flags(record, given_name, family_name, date_of_birth, gender)
    if not flags:
        code = VerifyCode.LINKED_MATCH if linked else VerifyCode.MATCH
    elif _similar(flags):
        code = VerifyCode.SIMILAR_LINKED if linked else VerifyCode.SIMILAR
    else:
        code = VerifyCode.NO_MATCH
    return VerifyResult(code, flags, record)


def _verify_flags(
    learner: Learner,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    gender: str,
) -> list[str]:
    given = normalise.compact(given_name)
    family = normalise.compact(family_name)
    their_given = normalise.compact(learner.given_name)
    their_family = normalise.compact(learner.family_name)
    previous = {normalise.compact(p.name) for p in _previous(learner)}

    flags = []
    if given != their_given:
        flags.append(VRF_GIVEN_DIFFERS)
        if given == their_family:
            flags.append(VRF_GIVEN_IS_FAMILY)
        if given in previous:
            flags.append(VRF_GIVEN_IS_PREVIOUS_FAMILY)
    if family != their_family:
        if family == their_given:
            flags.append(VRF_FAMILY_IS_GIVEN)
        flags.append(VRF_FAMILY_DIFFERS)
        if family in previous:
            flags.append(VRF_FAMILY_IS_PREVIOUS)
    if date_of_birth != learner.date_of_birth:
        flags.append(VRF_DOB_DIFFERS)
    if gender != learner.gender:
        flags.append(VRF_GENDER_DIFFERS)
    return sorted(flags, key=lambda f: int(f[3:]))


def _similar(flags: list[str]) -> bool:
    """Names agree (perhaps swapped or an old family name) and at most one of date
    of birth and gender differs."""
    names = set(flags) - {VRF_DOB_DIFFERS, VRF_GENDER_DIFFERS}
    swapped = {
        VRF_GIVEN_DIFFERS,
        VRF_GIVEN_IS_FAMILY,
        VRF_FAMILY_IS_GIVEN,
        VRF_FAMILY_DIFFERS,
    }
    names_ok = (
        not names
        or names == swapped
        or names == {VRF_FAMILY_DIFFERS, VRF_FAMILY_IS_PREVIOUS}
    )
    others = len(set(flags) & {VRF_DOB_DIFFERS, VRF_GENDER_DIFFERS})
    return names_ok and others <= 1


# ---------------------------------------------------------------- link


def link_learners(
    master_uln: str, linked_uln: str, actor: Actor = SYSTEM, reason: str = ""
) -> LinkResult:
    """Make two records of one person one: ``linked_uln`` points at the master.

    Both ULNs keep working: a find on the linked ULN returns the master (WSRC0022).
    """
    with transaction.atomic():
        master = Learner.objects.select_for_update().filter(uln=master_uln).first()
        other = Learner.objects.select_for_update().filter(uln=linked_uln).first()
        if master is None or other is None:
            missing = master_uln if master is None else linked_uln
            return LinkResult(
                Code.ULN_NOT_FOUND,
                _("No learner on the register has the ULN %(uln)s.") % {"uln": missing},
            )
        if master.master is not None:
            master = master.master
        if master.pk == other.pk:
            return LinkResult(
                Code.INSUFFICIENT_DATA,
                _("A record cannot be linked to itself: give two different ULNs."),
            )
        if other.master_id == master.pk:
            return LinkResult(
                Code.NOTHING_CHANGED,
                _("%(uln)s is already linked to %(master)s.")
                % {"uln": other.uln, "master": master.uln},
                master,
            )
        _link(master, other, actor, reason)
    return LinkResult(
        Code.UPDATED,
        _("%(uln)s is now linked to the master record %(master)s.")
        % {"uln": other.uln, "master": master.uln},
        master,
    )


def _link(master: Learner, other: Learner, actor: Actor, reason: str) -> None:
    # Records already linked to the one being linked follow it to the new master.
    for follower in Learner.objects.filter(master=other):
        _set_master(follower, master, actor, reason)
    _set_master(other, master, actor, reason)
    record_change(
        master,
        ChangeAction.LINKED,
        {"linked_uln": ["", other.uln]},
        actor,
        reason,
    )


def _set_master(learner: Learner, master: Learner, actor: Actor, reason: str) -> None:
    old = learner.master_uln
    learner.master = master
    learner.status = LearnerStatus.LINKED
    learner.version += 1
    learner.save()
    record_change(
        learner, ChangeAction.LINKED, {"master_uln": [old, master.uln]}, actor, reason
    )


def unlink_learner(
    linked_uln: str, actor: Actor = SYSTEM, reason: str = ""
) -> LinkResult:
    """Undo a link: the record stands on its own again."""
    with transaction.atomic():
        learner = (
            Learner.objects.select_for_update(of=("self",))
            .select_related("master")
            .filter(uln=linked_uln)
            .first()
        )
        if learner is None:
            return LinkResult(
                Code.ULN_NOT_FOUND,
                _("No learner on the register has the ULN %(uln)s.")
                % {"uln": linked_uln},
            )
        master = learner.master
        if master is None:
            return LinkResult(
                Code.NOTHING_CHANGED,
                _("%(uln)s is not linked to another record.") % {"uln": linked_uln},
            )
        learner.master = None
        learner.status = LearnerStatus.ACTIVE
        learner.version += 1
        learner.save()
        change = {"master_uln": [master.uln, ""]}
        record_change(learner, ChangeAction.UNLINKED, change, actor, reason)
        record_change(
            master,
            ChangeAction.UNLINKED,
            {"linked_uln": [learner.uln, ""]},
            actor,
            reason,
        )
    return LinkResult(
        Code.UPDATED,
        _("%(uln)s is no longer linked to %(master)s.")
        % {"uln": learner.uln, "master": master.uln},
        master,
    )


# ---------------------------------------------------------------- history


def record_change(
    learner: Learner,
    action: ChangeAction,
    changes: dict[str, Any],
    actor: Actor,
    reason: str,
) -> None:
    LearnerChange.objects.create(
        learner=learner,
        action=action,
        changes=changes,
        reason=reason,
        user=actor.user,
        organisation=actor.organisation,
    )


def _snapshot(learner: Learner) -> dict[str, list[str]]:
    return {
        name: ["", _text(getattr(learner, name))]
        for name in ("uln", *UPDATABLE)
        if getattr(learner, name) not in ("", None, False)
    }


def _as_text(diff: dict[str, tuple[Any, Any]]) -> dict[str, list[str]]:
    return {name: [_text(old), _text(new)] for name, (old, new) in diff.items()}


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
