"""Retrieval and the published-award library in the demo district: the typical cases are
published, every case document is indexed, and the chair has chosen two of the district's
issued awards: one she reviewed and published, one still waiting for her review."""

from medarb.publication import feed, services
from medarb.publication.selectors import candidates


def seed_publication(*, users: dict) -> None:
    services.load_typical_cases()
    chair = users["chair"]
    chosen = [services.choose_award(award=award, actor=chair) for award in list(candidates(chair))[:2]]
    if chosen:
        services.publish(publication=chosen[0], actor=chair)
    feed.rebuild()
