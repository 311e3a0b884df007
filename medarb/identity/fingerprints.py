"""A party's fingerprint at the filing window (指纹确认), through WebAuthn.

The window's PC has a fingerprint reader (a platform authenticator: Windows Hello). The first
time, the filing officer enrols the party: the reader keeps a resident credential bound to the
party's account (made from the party's mobile number if they never signed in: the account is
reachable only by an SMS code to that phone). Later, at any window of that PC, the party
touches the reader and the assertion, signed by one of *their* credentials with user
verification and a counter above the one kept, is recorded as an `IdentityCheck` of the party,
with who ran it. A refused touch is recorded as failed, with the reason.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from medarb.accounts import security_keys
from medarb.accounts.models import SecurityKey, User
from medarb.accounts.services import party_account_for_phone
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Party
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.validators import is_mobile
from medarb.identity.models import CheckMethod, IdentityCheck

ENROL_CHALLENGE = "window_fingerprint_enrol"
CONFIRM_CHALLENGE = "window_fingerprint_confirm"


def _check(actor, party: Party) -> None:
    if not policy.is_staff(actor) or not policy.can_write_case(actor, party.case):
        raise NotAllowed(_("只有办理本案的工作人员可以进行指纹确认。"))
    if party.is_organisation:
        raise DomainError(_("只能为自然人当事人登记指纹。"))


def _account(party: Party, *, create: bool) -> User | None:
    if party.user_id:
        return party.user
    if not create:
        return None
    if not is_mobile(party.phone):
        raise DomainError(_("当事人没有登记手机号码，无法开通账户和登记指纹。"))
    account = party_account_for_phone(phone=party.phone)
    party.refresh_from_db(fields=["user"])
    return account


def keys_of(party: Party) -> list[SecurityKey]:
    return security_keys.keys_of(party.user) if party.user_id else []


def enrolment_options(*, party: Party, actor, session) -> str:
    _check(actor, party)
    account = _account(party, create=True)
    return security_keys.registration_options(
        user=account, session=session, resident=True, challenge_key=ENROL_CHALLENGE
    )


@transaction.atomic
def enrol(*, party: Party, actor, session, credential: dict, request=None) -> SecurityKey:
    _check(actor, party)
    account = _account(party, create=True)
    return security_keys.register_key(
        user=account,
        session=session,
        credential=credential,
        name=_("窗口指纹（%(unit)s）") % {"unit": party.case.unit.short_name or party.case.unit.name},
        actor=actor,
        challenge_key=ENROL_CHALLENGE,
        request=request,
    )


def confirmation_options(*, party: Party, actor, session) -> str:
    _check(actor, party)
    account = _account(party, create=False)
    if account is None or not keys_of(party):
        raise DomainError(_("该当事人尚未登记指纹。"))
    return security_keys.sign_in_options(user=account, session=session, challenge_key=CONFIRM_CHALLENGE)


@transaction.atomic
def confirm(*, party: Party, actor, session, credential: dict, request=None) -> IdentityCheck:
    """The party's touch on the reader, checked and recorded, passed or not (a failed check
    is kept: it is returned, not raised, so that its transaction commits)."""
    _check(actor, party)
    account = _account(party, create=False)
    reason = ""
    try:
        if account is None:
            raise security_keys.InvalidAuthenticationResponse("no account")
        key = security_keys.verify_assertion(
            user=account, session=session, credential=credential, challenge_key=CONFIRM_CHALLENGE
        )
    except security_keys.ASSERTION_ERRORS as exc:
        key, reason = None, _("指纹确认未通过：不是该当事人登记的指纹，或应答无效。")
        detail = {"reason": reason, "error": str(exc)[:120]}
    else:
        detail = {"key": key.name, "reason": ""}
    check = IdentityCheck.objects.create(
        user=account,
        party=party,
        method=CheckMethod.WEBAUTHN,
        passed=key is not None,
        score=1.0 if key is not None else 0.0,
        checked_by=actor,
        detail=detail,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=check,
        case_id=party.case_id,
        summary=_("指纹确认 %(party)s：%(result)s")
        % {"party": party.name, "result": _("通过") if check.passed else _("未通过")},
        request=request,
    )
    return check
