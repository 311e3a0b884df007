"""Reading the library: what the public sees, and what the chair reviews."""

from django.db.models import QuerySet

from medarb.arbitration.models import Award
from medarb.cases.models import Case
from medarb.orgs.models import Role
from medarb.orgs.selectors import units_under_roles
from medarb.publication import feed
from medarb.publication.models import PublicationState, PublishedAward
from medarb.search import retrieval

CANDIDATES = 50


def published_get(*, publication_id: int) -> PublishedAward | None:
    return PublishedAward.objects.filter(pk=publication_id, state=PublicationState.PUBLISHED).first()


def library(*, text: str, page: int) -> tuple[list[tuple[PublishedAward, retrieval.Hit]], int]:
    hits, total = retrieval.published(text=text, page=page)
    awards = PublishedAward.objects.filter(state=PublicationState.PUBLISHED).in_bulk(
        [h.entry.ref_id for h in hits]
    )
    return [(awards[h.entry.ref_id], h) for h in hits if h.entry.ref_id in awards], total


def chaired_cases(user) -> QuerySet[Case]:
    units = units_under_roles(user, {Role.CHAIR})
    return Case.objects.visible_to(user).filter(unit__in=units)


def candidates(user) -> QuerySet[Award]:
    """Issued awards of the chair's units not yet put up for publication, newest first."""
    return (
        Award.objects.filter(
            case__in=chaired_cases(user), state__in=feed.ISSUED_AWARD, publication__isnull=True
        )
        .select_related("case")
        .order_by("-signed_off_at", "-id")[:CANDIDATES]
    )


def reviews(user) -> QuerySet[PublishedAward]:
    """The chair's own units' publications (drafts, published, withdrawn)."""
    return (
        PublishedAward.objects.filter(award__case__in=chaired_cases(user))
        .select_related("award__case")
        .order_by("state", "-chosen_at")
    )


def review_get(*, user, publication_id: int) -> PublishedAward | None:
    return reviews(user).filter(pk=publication_id).first()
