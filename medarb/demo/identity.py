"""Face checks at the demo district's filing window, run by the filing officer 吴立新 through
the real service: a worker compared with the photo on their ID card and passed, and another
worker whose live photo was of someone else, waiting on 人脸复核.

The faces are the public test photos of the packages the platform installs (scikit-image's
astronaut, matplotlib's Grace Hopper): the demo's people are fictional, their faces are not
theirs. The passed check compares a mirrored, cropped still of the astronaut with the card;
the failed one shows Grace Hopper to the camera in front of the astronaut's card.
"""

import io

from PIL import Image, ImageOps

from medarb.cases import policy
from medarb.cases.models import Case, Party
from medarb.identity import face_checks
from medarb.identity.testing import astronaut, encode, grace_hopper, id_card_png


def _still_of(photo: bytes) -> bytes:
    """The photo as a window camera takes it: mirrored, a little closer."""
    image = ImageOps.mirror(Image.open(io.BytesIO(photo)).convert("RGB"))
    width, height = image.size
    return encode(image.crop((width // 12, 0, width - width // 12, height - height // 10)), quality=85)


def _portrait(photo: bytes) -> bytes:
    """The head and shoulders of the astronaut, as an ID card's photo frames a person."""
    return encode(Image.open(io.BytesIO(photo)).convert("RGB").crop((120, 20, 320, 270)))


def seed_face_checks(cases: list[Case], *, officer) -> None:
    parties = [
        party
        for party in Party.objects.filter(case__in=cases, is_organisation=False)
        .exclude(id_index="")
        .select_related("case")
        .order_by("case_id", "pk")
        if policy.can_write_case(officer, party.case)
    ]
    seen_cases: set[int] = set()
    chosen = []
    for party in parties:  # two workers of two different cases
        if party.case_id not in seen_cases:
            seen_cases.add(party.case_id)
            chosen.append(party)
        if len(chosen) == 2:
            break
    if len(chosen) < 2:
        return
    passed, failed = chosen
    face = astronaut()
    card = id_card_png(name=passed.name, number=passed.id_number, face=_portrait(face))
    face_checks.verify_party_face(party=passed, live=_still_of(face), card=card, actor=officer)
    card = id_card_png(name=failed.name, number=failed.id_number, face=_portrait(face))
    face_checks.verify_party_face(party=failed, live=_still_of(grace_hopper()), card=card, actor=officer)
