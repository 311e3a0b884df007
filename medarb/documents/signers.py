"""Who may be chosen as the signer of a signature drawn on screen, and by whom.

The unit's key seals every drawn signature with the signer's name, so the name is never
typed: it is one of the case's people, chosen from a list. A party signing on their own
device signs only as themself (or as the agent or representative they are in the case);
staff who act on the case collect the signature of a party, an agent, or a staff member who
handles the case (on the counter's tablet, in the hearing room). `resolve_signer` is what
the service asks; a forged choice (a free-typed name, a person of another case) is refused.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from medarb.cases import policy
from medarb.cases.models import Party
from medarb.core.errors import NotAllowed
from medarb.core.i18n import official
from medarb.documents.hooks import extra_signers, party_may_open
from medarb.orgs.models import Membership, Role

SIGNING_STAFF_ROLES = (Role.CHAIR, Role.ARBITRATOR, Role.CLERK, Role.FILING_OFFICER, Role.MEDIATOR)


@dataclass(frozen=True)
class Signer:
    key: str  # "party:<id>" or "staff:<user id>", what the form posts
    label: str  # as printed under the drawn signature, in the commission's language
    party: Party | None = None
    user: object | None = None  # the signer's account, when they have one


def _party_signer(party: Party) -> Signer:
    if party.principal_id is None:
        label = f"{official(party.get_side_display())} {party.name}"
    else:
        label = f"{official(party.get_side_display())}{official(party.get_kind_display())} {party.name}"
    return Signer(key=f"party:{party.pk}", label=label, party=party, user=party.user)


def _staff_signers(case) -> list[Signer]:
    memberships = (
        Membership.objects.filter(unit_id=case.unit_id, role__in=SIGNING_STAFF_ROLES, is_active=True)
        .select_related("user")
        .order_by("user_id", "role")
    )
    seen, signers = set(), []
    for membership in memberships:
        user = membership.user
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        label = f"{official(membership.get_role_display())} {user}"
        signers.append(Signer(key=f"staff:{user.pk}", label=label, user=user))
    return signers


def signers_for(*, document, actor) -> list[Signer]:
    """The people `actor` may collect a drawn signature of on `document` (empty: none): the
    case's parties (never on a paper of the internal volume) and staff, and the signers the
    higher apps add (`hooks.extra_signers`)."""
    case = document.case
    parties = (
        []
        if document.is_internal
        else case.parties.select_related("user").order_by("principal_id", "side", "id")
    )
    if policy.is_party(actor):
        if not party_may_open(user=actor, document=document):
            return []
        return [_party_signer(p) for p in parties if p.user_id == actor.pk]
    signers = []
    if policy.can_write_case(actor, case):
        signers = [_party_signer(p) for p in parties] + _staff_signers(case)
    keys = {s.key for s in signers}
    return signers + [s for s in extra_signers(document=document, actor=actor) if s.key not in keys]


def signs(user, document) -> bool:
    """Whether `user` is named to sign `document` by a higher app (and so may read it)."""
    return any(s.user == user for s in extra_signers(document=document, actor=user))


def resolve_signer(*, document, actor, key: str) -> Signer:
    """The chosen signer, if `actor` may collect that person's signature; else NotAllowed."""
    for signer in signers_for(document=document, actor=actor):
        if signer.key == key:
            return signer
    raise NotAllowed(_("请从名单中选择本案的当事人、代理人或承办人员作为签名人。"))
