"""Performance of an agreement's terms, reminders and breach."""

from datetime import date
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.cases.models import Case
from medarb.cases.services import add_timeline
from medarb.core.errors import DomainError, ProcedureError
from medarb.core.validators import is_mobile
from medarb.mediation import engine
from medarb.mediation.models import (
    AgreementStatus,
    AgreementTerm,
)
from medarb.mediation.services.common import require_write
from medarb.mediation.services.handover import hand_over_to_arbitration


@transaction.atomic
def record_performance(*, term: AgreementTerm, actor, performed_on: date, request=None) -> AgreementTerm:
    """A term was performed; when all are, the case closes as mediated."""
    case = term.agreement.case
    require_write(actor, case)
    if term.agreement.status != AgreementStatus.EFFECTIVE:
        raise ProcedureError(_("协议尚未生效。"))
    if term.performed_on:
        raise DomainError(_("该项已登记履行。"))
    if performed_on > timezone.localdate():
        raise DomainError(_("履行日期不能晚于今天。"), field="performed_on")
    term.performed_on = performed_on
    term.save(update_fields=["performed_on"])
    add_timeline(
        case=case,
        actor=actor,
        kind="term_performed",
        title=_("协议事项已履行：%(d)s") % {"d": term.description},
    )
    if case.status == "performance" and not term.agreement.terms.filter(performed_on__isnull=True).exists():
        engine.fire(case=case, transition="performed", actor=actor, on=performed_on, request=request)
    return term


def send_performance_reminders(*, today: date) -> int:
    """Remind the parties of terms falling due within 3 days; flag overdue ones to the mediator."""
    from medarb.core.sms import send_sms

    soon = engine.add_natural_days(today, 3)
    due = (
        AgreementTerm.objects.filter(
            agreement__status=AgreementStatus.EFFECTIVE,
            agreement__case__status="performance",
            performed_on__isnull=True,
            due_on__lte=soon,
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("agreement__case")
    )
    sent = 0
    for term in due:
        case = term.agreement.case
        with transaction.atomic():
            overdue = term.due_on < today
            title = (
                _("协议事项逾期未履行：%(d)s（期限 %(due)s）")
                if overdue
                else _("协议事项即将到期：%(d)s（期限 %(due)s）")
            ) % {"d": term.description, "due": term.due_on.isoformat()}
            add_timeline(case=case, actor=None, kind="performance_reminder", title=title)
            # SMS reaches mobiles only, and goes out after the commit: no network call holds the database.
            for party in case.parties.filter(principal__isnull=True).exclude(phone=""):
                if is_mobile(party.phone):
                    params = {"due": term.due_on.isoformat()}
                    transaction.on_commit(
                        partial(
                            send_sms, phone=party.phone, template="SMS_MEDIATION_PERFORMANCE", params=params
                        )
                    )
            term.reminded_on = today
            term.save(update_fields=["reminded_on"])
        sent += 1
    return sent


@transaction.atomic
def record_breach(*, case: Case, actor, term: AgreementTerm, on: date, request=None) -> Case:
    """The obligor did not perform: one click hands the case to arbitration (Law Art. 15)."""
    require_write(actor, case)
    if term.agreement.case_id != case.pk:
        raise DomainError(_("该协议事项不属于本案。"), field="term")
    engine.check(case=case, transition="breach", actor=actor)
    if term.performed_on:
        raise DomainError(_("该项已履行。"))
    if on < term.due_on:
        raise DomainError(
            _("履行期限（%(d)s）届满前不能认定不履行。") % {"d": term.due_on.isoformat()}, field="on"
        )
    term.breached_on = on
    term.save(update_fields=["breached_on"])
    return hand_over_to_arbitration(case=case, actor=actor, on=on, request=request, breach=True)
