"""What the demo shares beyond the tree: sample cases shared with the legal-aid station and
the court, and a note of the shares their own work made (a suit at the court, a dossier handed
to it, a legal-aid application), so that the demo knows what each of them sees."""

from typing import TYPE_CHECKING

from medarb.cases.models import CaseShare, ShareReason
from medarb.cases.services import share_case

if TYPE_CHECKING:
    from medarb.accounts.models import User
    from medarb.demo.loader import DemoDistrict


def note_linkage_shares(demo: "DemoDistrict") -> None:
    """The court and the station also see what their own work shared with them (a suit recorded
    at the court, a dossier handed to it, a legal-aid application): note those shares too."""
    keys = {demo.units[key].pk: key for key in ("court", "legal_aid")}
    for case_id, unit_id in (
        CaseShare.objects.active().filter(unit_id__in=keys).values_list("case_id", "unit_id")
    ):
        if (case_id, keys[unit_id]) not in demo.shares:
            demo.shares.append((case_id, keys[unit_id]))


def share_samples(demo: "DemoDistrict", users: dict[str, "User"]) -> None:
    """Legal aid and the court see only what the commission shares with them."""
    district_cases = [c for c in demo.cases if demo.case_units[c.pk] == "district"]
    open_cases = [c for c in district_cases if c.closed_on is None]
    closed_cases = [c for c in district_cases if c.closed_on is not None and c.number]
    for case in open_cases[1:12:4]:
        share_case(
            actor=users["filing"],
            case=case,
            reason=ShareReason.LEGAL_AID,
            unit=demo.units["legal_aid"],
            note="申请人经济困难，申请法律援助（演示）",
        )
        demo.shares.append((case.pk, "legal_aid"))
    for case in closed_cases[:2]:
        share_case(
            actor=users["filing"],
            case=case,
            reason=ShareReason.COURT_LINKAGE,
            unit=demo.units["court"],
            note="当事人不服裁决起诉，调裁审衔接（演示）",
        )
        demo.shares.append((case.pk, "court"))
