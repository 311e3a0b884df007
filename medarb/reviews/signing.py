"""Who signs the minutes of a joint review (会审纪要) on screen.

The minutes go into the internal volume, which the case's own signer list keeps from the
parties; their signers are the review's participants, whatever their unit. A participant signs
as themself on their own device (an expert of another commission reads and signs the minutes
through the share the closing leaves them); the chair or the requester collects anyone's
signature on the review room's tablet. Registered with `documents.hooks.add_signer_rule`.
"""

from medarb.core.i18n import official
from medarb.documents.signers import Signer
from medarb.reviews.models import JointReview

MINUTES = "joint_review_minutes"


def minutes_signers(*, document, actor) -> list[Signer]:
    if document.template_code != MINUTES or not getattr(actor, "is_authenticated", False):
        return []
    review = JointReview.objects.select_related("case").filter(minutes=document).first()
    if review is None:
        return []
    from medarb.reviews.services import may_lead

    participants = review.participants.select_related("user").order_by("role", "pk")
    if not may_lead(actor, review):
        participants = participants.filter(user=actor)
    return [
        Signer(key=f"staff:{p.user_id}", label=f"{official(p.get_role_display())} {p.user}", user=p.user)
        for p in participants
    ]
