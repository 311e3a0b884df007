"""Face verification (人证比对) of a party at the filing window and of an applicant online,
and the manual review of a face check that failed.

The live photo is compared with the photo on the ID card's front and with the face kept from
an earlier passed check of the same person (the same resident ID number). Every comparison must be within the threshold.
The result, each distance and the threshold are recorded as an `IdentityCheck`; a passed check
keeps its face encoding (encrypted, never the photo) for the next time; a failed one goes,
with its two photos encrypted, to the case unit's filing officers, who accept or reject it
with a reason.
"""

import base64
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Party
from medarb.core.crypto import blind_index, decrypt_bytes, encrypt_bytes
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import read_bytes, store_bytes
from medarb.identity import faces, liveness
from medarb.identity.models import CheckMethod, FaceReference, FaceReview, IdentityCheck, ReviewState
from medarb.orgs.models import Role
from medarb.orgs.selectors import active_memberships

# Each comparison costs about half a second of CPU: a party gets a few tries an hour.
MAX_FACE_CHECKS_PER_HOUR = 12
REVIEWER_ROLES = frozenset({Role.FILING_OFFICER, Role.CHAIR})


def reference_of(person_index: str) -> FaceReference | None:
    """The face kept from the latest passed check of the person (blind index of the ID number)."""
    if not person_index:
        return None
    return FaceReference.objects.filter(person_index=person_index).first()


def _allow(**who) -> None:
    since = timezone.now() - timedelta(hours=1)
    done = IdentityCheck.objects.filter(method=CheckMethod.FACE, checked_at__gte=since, **who).count()
    if done >= MAX_FACE_CHECKS_PER_HOUR:
        raise DomainError(_("人脸比对次数过多，请一小时后再试，或由工作人员人工核验。"))


def _distances(live_face: faces.Face, card: bytes | None, person_index: str) -> dict[str, float]:
    against: dict[str, float] = {}
    if card is not None:
        against["card"] = live_face.distance(faces.card_face(card))
    reference = reference_of(person_index)
    if reference is not None:
        earlier = faces.encoding_from_bytes(base64.b64decode(reference.encoding))
        against["earlier"] = live_face.distance(earlier)
    return against


def _record(
    *, user, party, person_index: str, live_face, against: dict, checked_by=None, reason: str = "", extra=None
):
    """The check with each distance and the threshold; a passed one keeps the face encoding."""
    limit = faces.threshold()
    distance = max(against.values()) if against else 0.0
    passed = bool(against) and distance <= limit and not reason
    check = IdentityCheck.objects.create(
        user=user,
        party=party,
        method=CheckMethod.FACE,
        passed=passed,
        score=round(distance, 3),
        checked_by=checked_by,
        detail={
            "distances": {k: round(v, 3) for k, v in against.items()},
            "threshold": limit,
            "reason": reason or ("" if passed else _("与比对照片的差异超过阈值，已转人工复核。")),
            **(extra or {}),
        },
    )
    if passed and person_index:
        FaceReference.objects.create(
            person_index=person_index,
            encoding=base64.b64encode(faces.encoding_bytes(live_face)).decode(),
            identity_check=check,
        )
    return check


def send_to_review(*, check: IdentityCheck, unit, live: bytes, card: bytes | None, actor=None) -> FaceReview:
    """A failed face check, with its photos (encrypted), for the unit's filing officers."""
    return FaceReview.objects.create(
        identity_check=check,
        unit=unit,
        live_photo=_keep(live, "face-live.enc", actor),
        card_photo=_keep(card, "face-card.enc", actor) if card is not None else None,
    )


@transaction.atomic
def verify_party_face(
    *,
    party: Party,
    live: bytes,
    card: bytes | None,
    actor,
    card_source: str = "photo",
    frames: list[bytes] | None = None,
    request=None,
) -> IdentityCheck:
    """At the window: compare the party's live photo with their ID card photo (a photo of the
    card's front, or the chip's photo from the reader: `card_source` "chip") and earlier
    verified face; with `frames` (a burst while the head turns), check liveness too. A photo
    without its one face is refused (nothing recorded: retake it)."""
    case = party.case
    if not policy.is_staff(actor) or not policy.can_write_case(actor, case):
        raise NotAllowed(_("只有办理本案的工作人员可以进行人脸比对。"))
    if party.is_organisation or not party.id_index:
        raise DomainError(_("只能对登记了身份证号码的自然人当事人进行人脸比对。"))
    _allow(party=party)
    live_face = faces.one_face(live)
    against = _distances(live_face, card, party.id_index)
    if not against:
        raise DomainError(_("请拍摄或上传当事人身份证正面（有头像的一面），作为比对的照片。"), field="card")
    alive = liveness.check(frames, live=live_face) if frames else None
    check = _record(
        user=party.user,
        party=party,
        person_index=party.id_index,
        live_face=live_face,
        against=against,
        checked_by=actor,
        reason=alive.reason if alive else "",
        extra={
            **({"card_source": card_source} if card is not None else {}),
            **({"liveness": alive.as_detail()} if alive else {}),
        },
    )
    if not check.passed:
        send_to_review(check=check, unit=case.unit, live=live, card=card, actor=actor)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=check,
        case_id=case.pk,
        summary=_("人脸比对 %(party)s：%(result)s")
        % {"party": party.name, "result": _("通过") if check.passed else _("未通过")},
        data={"distances": check.detail["distances"], "threshold": check.detail["threshold"]},
        request=request,
    )
    return check


def check_online_face(
    *, user, live: bytes, card: bytes, id_number: str, frames: list[bytes] | None = None
) -> IdentityCheck:
    """The online application's selfie against the card photo it sent (and the applicant's
    earlier verified face); with `frames` (the phone's burst while the head turns), liveness
    too. Run by the reading job: the person is not there to retake a photo, so one without
    its face is recorded as failed with the reason (a filing officer reviews it)."""
    person_index = blind_index(id_number) if id_number else ""
    try:
        live_face = faces.one_face(live)
        against = _distances(live_face, card, person_index)
    except faces.FaceRefused as refused:
        return _record(
            user=user, party=None, person_index="", live_face=None, against={}, reason=refused.message
        )
    alive = liveness.check(frames, live=live_face) if frames else None
    return _record(
        user=user,
        party=None,
        person_index=person_index,
        live_face=live_face,
        against=against,
        reason=alive.reason if alive else "",
        extra={"liveness": alive.as_detail()} if alive else None,
    )


def _keep(data: bytes, name: str, actor):
    return store_bytes(
        data=encrypt_bytes(data), name=name, content_type="application/octet-stream", actor=actor
    )


# --- the manual review ------------------------------------------------------------------------


def review_units(user) -> list:
    return [m.unit for m in active_memberships(user) if m.role in REVIEWER_ROLES]


def may_review(user, review: FaceReview) -> bool:
    return review.unit in review_units(user) and policy.can_read_case(user, review.identity_check.party.case)


def review_photo(*, review: FaceReview, which: str, actor) -> bytes:
    """One of the review's photos, decrypted, for a reviewer only (each look is audited)."""
    if not may_review(actor, review):
        raise NotAllowed(_("只有本单位的立案人员可以查看复核照片。"))
    stored = review.live_photo if which == "live" else review.card_photo
    if stored is None:
        raise DomainError(_("没有这张照片。"))
    record(
        actor=actor,
        action=AuditAction.READ,
        obj=review.identity_check,
        case_id=review.identity_check.party.case_id,
        summary=_("查看人脸复核照片"),
    )
    return decrypt_bytes(read_bytes(stored))


@transaction.atomic
def decide_review(*, review: FaceReview, actor, accept: bool, reason: str, request=None) -> FaceReview:
    """The filing officer's decision on a failed face check, with the reason (required)."""
    review = (
        FaceReview.objects.select_for_update(of=("self",))
        .select_related("identity_check__party")
        .get(pk=review.pk)
    )
    if not may_review(actor, review):
        raise NotAllowed(_("只有本单位的立案人员可以复核人脸比对。"))
    if review.state != ReviewState.PENDING:
        raise DomainError(_("该复核已经处理。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写复核理由，如“已核对身份证原件，本人到场”。"), field="reason")
    review.state = ReviewState.ACCEPTED if accept else ReviewState.REJECTED
    review.decided_by, review.decided_at, review.reason = actor, timezone.now(), reason[:500]
    review.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=review.identity_check,
        case_id=review.identity_check.party.case_id,
        summary=_("人脸比对人工复核：%(state)s") % {"state": review.get_state_display()},
        data={"reason": review.reason},
        request=request,
    )
    return review
