"""Use cases that change the organisation tree."""

from django.db import transaction

from medarb.orgs.models import Membership, PoolMember, Role, Room, Unit


@transaction.atomic
def create_unit(*, name: str, kind: str, parent: Unit | None = None, **fields) -> Unit:
    """Create a unit and give it its materialised path below its parent."""
    unit = Unit.objects.create(name=name, kind=kind, parent=parent, path="", **fields)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def add_room(*, unit: Unit, name: str, kind: str, **fields) -> Room:
    return Room.objects.create(unit=unit, name=name, kind=kind, **fields)


def grant_role(*, user, unit: Unit, role: Role) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, unit=unit, role=role, defaults={"is_active": True}
    )
    return membership


def revoke_role(*, user, unit: Unit, role: Role) -> None:
    Membership.objects.filter(user=user, unit=unit, role=role).update(is_active=False)


def enrol_in_pool(*, user, pool: str, unit: Unit, **fields) -> PoolMember:
    member, _ = PoolMember.objects.update_or_create(user=user, pool=pool, defaults={"unit": unit, **fields})
    return member
