"""The mediation procedure, declared once (DOMAIN.md §3; Law Arts. 10–16; 人民调解法;
企业劳动争议协商调解规定).

Who decides acceptance, refusal, referral and the seal: the head of the mediation
organisation — a person holding the `chair` role in the case's unit (调解委员会主任 /
调解室负责人); a unit with no chair lets its mediators decide (the mediator in charge). The
declared roles are the outer gate; the `HEAD_ONLY` guard (it sees the person acting) is the
rule, so the case page offers these acts only to whom the engine lets fire them.

The 15-day limit (`mediation_limit`, Law Art. 14) runs from the organisation's receipt of the
application, so it is started on arrival (`on_arrival`, whichever door the case came in by),
not by a transition; every closing
transition stops it; an extension needs both parties' agreement (recorded by the service).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medarb.identity.requirements import acceptance_guard
from medarb.mediation import forms, services
from medarb.mediation.selectors import is_unit_head, paper_prefill
from medarb.orgs.models import Role
from medarb.procedure.declaration import STAY, Procedure, State, Transition, register, requires_actor

MEDIATORS = frozenset({Role.MEDIATOR})
HEADS = frozenset({Role.CHAIR, Role.MEDIATOR})
LIMIT = ("mediation_limit",)
LAW = "《劳动争议调解仲裁法》"
PM = "《人民调解法》"

OPEN_STATES = ("registered", "accepted", "in_session", "agreement_signing")

HEAD_ONLY = requires_actor(
    lambda case, actor: is_unit_head(actor, case.unit),
    _("受理、不予受理、移送和协议签章由调解组织负责人决定。"),
)


def _has_session(case, *args, **kwargs) -> str | None:
    from medarb.mediation.models import Session

    if not Session.objects.filter(case=case).exists():
        return _("尚未安排调解会，不能制作调解协议。")
    return None


def _agreement_in_signing(case, *args, **kwargs) -> str | None:
    from medarb.mediation.models import AgreementStatus
    from medarb.mediation.selectors import current_agreement

    agreement = current_agreement(case)
    if agreement is None or agreement.status != AgreementStatus.SIGNING:
        return _("请先在“调解协议”栏填写协议内容，生成调解协议书。")
    return None


def _fully_signed(case, *args, **kwargs) -> str | None:
    from medarb.mediation.selectors import current_agreement, missing_signers

    agreement = current_agreement(case)
    if agreement is None:
        return _("尚无调解协议。")
    missing = missing_signers(agreement)
    if missing:
        return _("以下人员尚未签名：%(names)s") % {"names": "、".join(missing)}
    return None


def _referral_target(case, *args, **kwargs) -> str | None:
    if not services.referral_targets(case.unit):
        return _("本调解组织之上没有可以移送的调解组织。")
    return None


def _term_overdue(case, *args, **kwargs) -> str | None:
    from django.utils import timezone

    from medarb.mediation.selectors import unperformed_terms

    if not unperformed_terms(case).filter(due_on__lte=timezone.localdate()).exists():
        return _("没有履行期限已届满而未履行的协议事项。")
    return None


def _all_terms_performed(case, *args, **kwargs) -> str | None:
    from medarb.mediation.selectors import current_agreement

    agreement = current_agreement(case)
    if agreement is not None and agreement.terms.filter(performed_on__isnull=True).exists():
        return _("协议尚有未履行的事项。")
    return None


def _failed_or_lapsed(case, *args, **kwargs) -> str | None:
    """Law Art. 14: arbitration follows a failed mediation, or fifteen days from receipt
    (plus any agreed extension) without an agreement."""
    if case.status == "closed_failed":
        return None
    from django.utils import timezone

    from medarb.procedure.models import Deadline, DeadlineState

    limit = Deadline.objects.filter(case=case, rule_code=LIMIT[0], state=DeadlineState.RUNNING).first()
    if limit is not None and limit.due_on is not None and limit.due_on < timezone.localdate():
        return None
    if limit is not None and limit.due_on is not None:
        return _(
            "调解期限至%(due)s届满；期限内转仲裁须先记录调解不成（《劳动争议调解仲裁法》第十四条）。"
        ) % {"due": f"{limit.due_on:%Y-%m-%d}"}
    return _FAILED_OR_LAPSED


_FAILED_OR_LAPSED = _("调解不成或调解期限届满未达成协议的，方可转仲裁（《劳动争议调解仲裁法》第十四条）。")
_failed_or_lapsed.reason = _FAILED_OR_LAPSED


MEDIATION = register(
    Procedure(
        kind="mediation",
        label=_("劳动争议调解"),
        # Every way in gets the file and the 15-day limit from receipt (Law Art. 14).
        on_arrival=services.open_file,
        # A mediation organisation's papers: the agreement, a session's transcript, service.
        papers=frozenset(
            {"mediation_agreement", "hearing_transcript", "proof_of_service", "power_of_attorney"}
        ),
        paper_prefill=paper_prefill,
        states=[
            State(
                "registered",
                pgettext_lazy("case state", "登记待受理"),
                for_parties=_(
                    "调解组织已收到您的申请，将决定是否受理；自收到申请之日起十五日内未达成协议的，您可以申请仲裁。"
                ),
                waits_for=HEADS,
                article=f"{PM}第十七条",
            ),
            State(
                "accepted",
                pgettext_lazy("case state", "已受理"),
                for_parties=_("调解组织已受理，调解员将与您联系，约定调解的时间和方式。"),
                waits_for=MEDIATORS,
            ),
            State(
                "in_session",
                pgettext_lazy("case state", "调解中"),
                for_parties=_("调解正在进行。自调解组织收到申请之日起十五日内未达成协议的，您可以申请仲裁。"),
                waits_for=MEDIATORS,
            ),
            State(
                "agreement_signing",
                pgettext_lazy("case state", "协议签署中"),
                for_parties=_("调解协议书已制作，请双方签名；经调解员签名并加盖调解组织印章后生效。"),
                waits_for=MEDIATORS,
                article=f"{PM}第二十八条",
            ),
            State(
                "performance",
                pgettext_lazy("case state", "履行中"),
                for_parties=_("调解协议已生效，请按协议履行；对方不履行的，您可以依法申请仲裁。"),
                waits_for=MEDIATORS,
            ),
            State(
                "closed_agreement",
                pgettext_lazy("case state", "调解成功"),
                for_parties=_("调解成功，调解协议已生效，对双方具有约束力。"),
                is_closed=True,
                article=f"{PM}第三十一条",
            ),
            State(
                "closed_failed",
                pgettext_lazy("case state", "调解不成"),
                for_parties=_("调解未达成协议。您可以向劳动人事争议仲裁委员会申请仲裁。"),
                is_closed=True,
                article=f"{PM}第二十六条",
            ),
            State(
                "closed_withdrawn",
                pgettext_lazy("case state", "撤回"),
                for_parties=_("调解申请已撤回。"),
                is_closed=True,
            ),
            State(
                "refused",
                pgettext_lazy("case state", "不予受理"),
                for_parties=_("调解组织决定不予受理。您可以向劳动人事争议仲裁委员会申请仲裁。"),
                is_closed=True,
            ),
            State(
                "referred",
                pgettext_lazy("case state", "已移送"),
                for_parties=_("案件已移送其他调解组织，由其继续办理并通知您。"),
                is_closed=True,
            ),
            State(
                "handed_to_arbitration",
                pgettext_lazy("case state", "已转仲裁"),
                for_parties=_("案件已转入仲裁，仲裁委员会将审查并通知您。"),
                is_closed=True,
            ),
        ],
        transitions=[
            Transition(
                "accept",
                pgettext_lazy("procedure action", "受理"),
                ("registered",),
                "accepted",
                HEADS,
                guards=(HEAD_ONLY, acceptance_guard),
                article=f"{LAW}第十二条、{PM}第十七条",
                form=forms.AcceptForm,
                service=services.accept_mediation,
            ),
            Transition(
                "refuse",
                pgettext_lazy("procedure action", "不予受理"),
                ("registered",),
                "refused",
                HEADS,
                guards=(HEAD_ONLY,),
                article=f"{PM}第十七条",
                stops=LIMIT,
                form=forms.RefuseForm,
                service=services.refuse_mediation,
                button="danger",
                close_reason="refused",
            ),
            Transition(
                "open_session",
                pgettext_lazy("procedure action", "安排调解"),
                ("accepted", "in_session"),
                "in_session",
                MEDIATORS,
                article=f"{PM}第十九条至第二十二条",
                form=forms.SessionForm,
                service=services.schedule_session,
            ),
            Transition(
                "extend",
                pgettext_lazy("procedure action", "延长调解期限"),
                ("accepted", "in_session"),
                STAY,
                MEDIATORS,
                article="《关于加强新就业形态劳动纠纷一站式调解工作的通知》（人社厅发〔2024〕4号）",
                form=forms.ExtendForm,
                service=services.extend_mediation,
                button="secondary",
            ),
            Transition(
                "draft_agreement",
                pgettext_lazy("procedure action", "制作调解协议"),
                ("in_session",),
                "agreement_signing",
                MEDIATORS,
                article=f"{PM}第二十八条、第二十九条",
                guards=(_has_session, _agreement_in_signing),
                description=_("协议在案件页“调解”栏的“制作调解协议书”中填写生成。"),
            ),
            Transition(
                "redraft_agreement",
                pgettext_lazy("procedure action", "退回修改协议"),
                ("agreement_signing",),
                "in_session",
                MEDIATORS,
                article=f"{PM}第二十九条",
                service=services.redraft_agreement,
                button="secondary",
            ),
            Transition(
                "seal_agreement",
                pgettext_lazy("procedure action", "协议生效（签章）"),
                ("agreement_signing",),
                "performance",
                HEADS,
                article=f"{LAW}第十四条、{PM}第二十九条",
                guards=(HEAD_ONLY, _fully_signed),
                stops=LIMIT,
                form=forms.SealForm,
                service=services.seal_current_agreement,
            ),
            Transition(
                "performed",
                pgettext_lazy("procedure action", "履行完毕"),
                ("performance",),
                "closed_agreement",
                MEDIATORS,
                article=f"{PM}第三十一条",
                guards=(_all_terms_performed,),
                close_reason="mediated",
            ),
            Transition(
                "breach",
                pgettext_lazy("procedure action", "不履行协议转仲裁"),
                ("performance",),
                "handed_to_arbitration",
                MEDIATORS,
                guards=(_term_overdue,),
                article=f"{LAW}第十五条",
                form=forms.BreachForm,
                service=services.record_breach,
                button="danger",
                close_reason="mediated",
            ),
            Transition(
                "fail",
                pgettext_lazy("procedure action", "调解不成"),
                ("accepted", "in_session", "agreement_signing"),
                "closed_failed",
                MEDIATORS,
                article=f"{LAW}第十四条、{PM}第二十六条",
                stops=LIMIT,
                form=forms.FailForm,
                service=services.fail_mediation,
                button="danger",
                close_reason="failed",
            ),
            Transition(
                "withdraw",
                pgettext_lazy("procedure action", "撤回调解申请"),
                OPEN_STATES,
                "closed_withdrawn",
                MEDIATORS,
                article=f"{PM}第二十三条",
                stops=LIMIT,
                form=forms.WithdrawForm,
                service=services.withdraw_mediation,
                button="secondary",
                close_reason="withdrawn",
            ),
            Transition(
                "refer",
                pgettext_lazy("procedure action", "移送上级调解组织"),
                ("registered", "accepted", "in_session"),
                "referred",
                HEADS,
                # The dispute goes to another of the organisations a party may apply to (Art. 10).
                article=f"{LAW}第十条",
                guards=(HEAD_ONLY, _referral_target),
                stops=LIMIT,
                form=forms.ReferForm,
                service=services.refer_case,
                button="secondary",
                close_reason="transferred",
            ),
            Transition(
                "hand_over",
                pgettext_lazy("procedure action", "转仲裁"),
                ("closed_failed", "accepted", "in_session"),
                "handed_to_arbitration",
                MEDIATORS,
                guards=(_failed_or_lapsed,),
                article=f"{LAW}第十四条",
                stops=LIMIT,
                form=forms.HandOverForm,
                service=services.hand_over_to_arbitration,
                close_reason="failed",
            ),
        ],
    )
)
