"""The guards of the arbitration procedure: each a predicate on the case and the reason to give
when it is false (`procedure.declaration.requires`)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medarb.procedure.declaration import requires


def _has_tribunal(case) -> bool:
    from medarb.arbitration.models import Tribunal

    return Tribunal.objects.filter(case=case).exists()


def _has_representatives(case) -> bool:
    from medarb.arbitration.services import collective_representatives_ok

    return collective_representatives_ok(case)


def _pending_counterclaim(case) -> bool:
    from medarb.arbitration.models import Counterclaim, CounterclaimDecision

    return Counterclaim.objects.filter(case=case, decision=CounterclaimDecision.PENDING).exists()


def _pending_recusal(case) -> bool:
    from medarb.arbitration.models import RecusalDecision, RecusalRequest

    return RecusalRequest.objects.filter(case=case, decision=RecusalDecision.PENDING).exists()


def _no_pending_recusal(case) -> bool:
    return not _pending_recusal(case)


def _simplified(case) -> bool:
    from medarb.arbitration.models import ArbitrationTrack

    return ArbitrationTrack.objects.filter(case=case, simplified=True).exists()


def _clock(case, code: str, state: str) -> bool:
    from medarb.procedure.models import Deadline

    return Deadline.objects.filter(case=case, rule_code=code, state=state).exists()


def _award_clock_running(case) -> bool:
    return _clock(case, "award", "running")


def _publication_running(case) -> bool:
    return _clock(case, "publication_service", "running")


def _submitted_award(case) -> bool:
    from medarb.arbitration.models import Award, AwardState

    return Award.objects.filter(case=case, state=AwardState.SUBMITTED).exists()


def _signed_award(case) -> bool:
    from medarb.arbitration.models import Award, AwardState

    return Award.objects.filter(case=case, state=AwardState.SIGNED_OFF).exists()


HAS_TRIBUNAL = requires(_has_tribunal, _("尚未组成仲裁庭。"))
NO_TRIBUNAL = requires(
    lambda case: not _has_tribunal(case), _("仲裁庭已经组成；如需更换仲裁员，请通过回避程序。")
)
REPRESENTATIVES = requires(
    _has_representatives,
    _("集体劳动争议应当由劳动者推举三至五名代表人参加仲裁（《劳动争议调解仲裁法》第七条）。"),
)
PENDING_COUNTERCLAIM = requires(_pending_counterclaim, _("没有待审查的反申请。"))
PENDING_RECUSAL = requires(_pending_recusal, _("没有待决定的回避申请。"))
NO_PENDING_RECUSAL = requires(_no_pending_recusal, _("有待决定的回避申请，被申请回避的人员应暂停参与本案。"))
NOT_SIMPLIFIED = requires(lambda case: not _simplified(case), _("本案已适用简易处理。"))
SIMPLIFIED = requires(_simplified, _("本案未适用简易处理。"))
AWARD_CLOCK = requires(_award_clock_running, _("审理期限未在计算中（可能已中止或已结束）。"))
PUBLICATION = requires(_publication_running, _("没有进行中的公告送达。"))
NO_PUBLICATION = requires(lambda case: not _publication_running(case), _("公告送达正在进行。"))
SUBMITTED_AWARD = requires(_submitted_award, _("没有报请签发的裁决书。"))
SIGNED_AWARD = requires(_signed_award, _("裁决书尚未签发。"))


def _hearing_due(case) -> bool:
    from medarb.arbitration.services import current_hearing

    sitting = current_hearing(case)
    return sitting is not None and sitting.starts_at <= timezone.now()


HEARING_DUE = requires(_hearing_due, _("没有已到开庭时间的开庭排期。"))
