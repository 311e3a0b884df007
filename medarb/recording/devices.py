"""Capture devices of a room and their stream keys: registered and rotated by the unit's admin
or chair; a key is shown once and kept only as its hash."""

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import DomainError, NotAllowed
from medarb.orgs.models import Role, Room
from medarb.orgs.selectors import active_memberships
from medarb.recording.live import hash_key
from medarb.recording.models import CaptureDevice, DeviceKind

MANAGERS = frozenset({Role.UNIT_ADMIN, Role.CHAIR})


def manageable_rooms(user):
    """Rooms of the units where `user` is admin or chair, and of the units below."""
    roots = [m.unit.path for m in active_memberships(user) if m.role in MANAGERS]
    if not roots:
        return Room.objects.none()
    below = Q()
    for path in roots:
        below |= Q(unit__path__startswith=path)
    return Room.objects.filter(below).select_related("unit").order_by("unit__path", "name")


def _new_key() -> str:
    return f"mk_{secrets.token_urlsafe(24)}"


def _check(actor, room: Room) -> None:
    if not manageable_rooms(actor).filter(pk=room.pk).exists():
        raise NotAllowed(_("只有场所所属单位的管理员或负责人可以登记采集设备。"))


@transaction.atomic
def register_device(*, actor, room: Room, name: str, kind: str, request=None) -> tuple[CaptureDevice, str]:
    """Register a camera, microphone or visualiser; returns the device and its key (shown once)."""
    _check(actor, room)
    if kind not in DeviceKind.values:
        raise DomainError(_("请选择设备类型。"), field="kind")
    if not name.strip():
        raise DomainError(_("请填写设备名称。"), field="name")
    key = _new_key()
    device = CaptureDevice.objects.create(
        room=room, name=name.strip()[:80], kind=kind, key_hash=hash_key(key), key_hint=key[-4:]
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=device,
        summary=_("登记采集设备 %(n)s") % {"n": device.name},
        request=request,
    )
    return device, key


@transaction.atomic
def rotate_key(*, actor, device: CaptureDevice, request=None) -> str:
    """A new key for the device; the old one stops working at once."""
    _check(actor, device.room)
    key = _new_key()
    device.key_hash, device.key_hint, device.rotated_at = hash_key(key), key[-4:], timezone.now()
    device.save(update_fields=["key_hash", "key_hint", "rotated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=device,
        summary=_("更换推流密钥 %(n)s") % {"n": device.name},
        request=request,
    )
    return key
