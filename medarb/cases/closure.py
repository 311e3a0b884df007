"""The ways a case ends (Case.close_reason), grouped as the periodic statistical tables count
them: mediated, awarded (of which final awards, Law Art. 47), withdrawn, transferred, mediation
failed, other.

The statistics and the case list's `close_way` filter read the same groups, so a figure and
the list of cases behind it always agree."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CLOSE_WAYS: dict[str, frozenset[str]] = {
    "mediated": frozenset({"mediated", "agreement"}),
    "awarded": frozenset({"award_final", "award_nonfinal", "award_mixed"}),
    "withdrawn": frozenset({"withdrawn", "deemed_withdrawn"}),
    "transferred": frozenset({"transferred"}),
    "failed": frozenset({"failed"}),
}
FINAL_AWARD = "award_final"

# "other": not accepted, case revoked, or no reason recorded.
CLOSE_WAY_CHOICES = (
    ("mediated", _("调解结案")),
    ("awarded", _("裁决结案")),
    ("final", _("终局裁决")),
    ("withdrawn", _("撤回申请")),
    ("transferred", _("移送")),
    ("failed", _("调解不成")),
    ("other", _("其他方式")),
)


def close_way_filter(way: str) -> Q:
    """The closed cases that ended in `way` (one of CLOSE_WAY_CHOICES)."""
    closed = Q(closed_on__isnull=False)
    if way == "final":
        return closed & Q(close_reason=FINAL_AWARD)
    if way == "other":
        known = frozenset().union(*CLOSE_WAYS.values())
        return closed & ~Q(close_reason__in=known)
    return closed & Q(close_reason__in=CLOSE_WAYS[way])


def pending_on_filter(day) -> Q:
    """The cases pending at the end of `day`: received by then and not closed by then."""
    return Q(received_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))
