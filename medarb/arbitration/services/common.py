"""What the acts of arbitration share: the collective-dispute rules, the case's track, today."""

from datetime import date

from django.conf import settings
from django.utils import timezone

from medarb.arbitration.models import (
    ArbitrationTrack,
)
from medarb.cases.models import Case, PartyKind

REPRESENTATIVES_MIN, REPRESENTATIVES_MAX = 3, 5  # Law Art. 7; 2017 rules Art. 5


def special_tribunal_threshold() -> int:
    """Workers from which a collective dispute needs a special tribunal (legacy 30+ local rule;
    0 = the 2017 national rules, which have no special tribunal)."""
    return int(getattr(settings, "ARBITRATION_SPECIAL_TRIBUNAL_WORKERS", 0) or 0)


def collective_representatives_ok(case: Case) -> bool:
    if not case.is_collective:
        return True
    count = case.parties.filter(kind=PartyKind.REPRESENTATIVE).count()
    return REPRESENTATIVES_MIN <= count <= REPRESENTATIVES_MAX


def track_for(case: Case) -> ArbitrationTrack:
    track, _ = ArbitrationTrack.objects.get_or_create(case=case)
    return track


def today() -> date:
    return timezone.localdate()
