"""What a unit requires of its applicants before acceptance (立案实名核验要求), and whether a
case meets it: each applicant who is a natural person has passed each required check (a failed
face check accepted on 人脸复核 counts as passed)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.models import PartySide
from medarb.core.errors import NotAllowed
from medarb.identity.models import CheckMethod, FilingRequirement, IdentityCheck, ReviewState
from medarb.orgs.models import Role, Unit
from medarb.orgs.selectors import units_under_roles

SETTERS = frozenset({Role.CHAIR, Role.UNIT_ADMIN})
CHECKS = {
    "card_reader": CheckMethod.ID_CARD_READER,
    "face": CheckMethod.FACE,
    "fingerprint": CheckMethod.WEBAUTHN,
}


def requirement_for(unit: Unit) -> FilingRequirement | None:
    """The unit's own requirement, else that of the nearest unit above with one."""
    ancestors = [unit.path[:end] for end in range(len(unit.path), 0, -1) if unit.path[end - 1] == "/"]
    found = FilingRequirement.objects.filter(unit__path__in=ancestors or [unit.path]).select_related("unit")
    return max(found, key=lambda r: len(r.unit.path), default=None)


def required_methods(unit: Unit) -> list[str]:
    requirement = requirement_for(unit)
    return [method for name, method in CHECKS.items() if requirement and getattr(requirement, name)]


def _passed(checks: list[IdentityCheck], method: str) -> bool:
    for check in checks:
        if check.method != method:
            continue
        review = getattr(check, "review", None) if not check.passed else None
        if check.passed or (review is not None and review.state == ReviewState.ACCEPTED):
            return True
    return False


def missing(case) -> list[tuple[str, str]]:
    """(applicant's name, check's name) for each required check an applicant has not passed."""
    methods = required_methods(case.unit)
    if not methods:
        return []
    applicants = [p for p in case.parties.all() if p.side == PartySide.APPLICANT and not p.is_organisation]
    checks = list(
        IdentityCheck.objects.filter(party__in=applicants, method__in=methods).select_related("review")
    )
    labels = dict(CheckMethod.choices)
    return [
        (party.name, str(labels[method]))
        for party in applicants
        for method in methods
        if not _passed([c for c in checks if c.party_id == party.pk], method)
    ]


def acceptance_guard(case, actor=None) -> str | None:
    gaps = missing(case)
    if not gaps:
        return None
    listed = "、".join(f"{name}（{check}）" for name, check in gaps)
    return _("本委要求受理前完成申请人的实名核验，尚未通过：%(gaps)s。") % {"gaps": listed}


acceptance_guard.reason = gettext_lazy("申请人已通过本委要求的实名核验（读卡、人脸比对、指纹确认）")  # type: ignore[attr-defined]


def setting_units(user) -> list[Unit]:
    """The units whose requirement `user` sets: where they are chair or admin, and below."""
    return units_under_roles(user, SETTERS)


@transaction.atomic
def save_requirement(
    *, actor, unit: Unit, face: bool, fingerprint: bool, card_reader: bool = False, request=None
) -> FilingRequirement:
    if unit not in setting_units(actor):
        raise NotAllowed(_("只有本单位（或上级单位）的负责人或管理员可以设置实名核验要求。"))
    requirement, _created = FilingRequirement.objects.update_or_create(
        unit=unit,
        defaults={"face": face, "fingerprint": fingerprint, "card_reader": card_reader, "updated_by": actor},
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=unit,
        summary=_("设置立案实名核验要求（%(unit)s）") % {"unit": unit.name},
        data={"card_reader": card_reader, "face": face, "fingerprint": fingerprint},
        request=request,
    )
    return requirement
