"""The remote-guidance duty roster (远程指导值班表): a unit's admin or chair says who of its
arbitrators and mediators answers calls on each day; a call to the unit rings them.

Days already past are history and are not changed; the roster is set a fortnight at a time.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.core.errors import NotAllowed
from medarb.meetings.models import Duty
from medarb.meetings.selectors import CALLABLE_ROLES
from medarb.orgs.models import Membership, Role, Unit
from medarb.orgs.selectors import active_memberships

ROSTER_MANAGERS = frozenset({Role.UNIT_ADMIN, Role.CHAIR})
ROSTER_DAYS = 14


def roster_units(user) -> list[Unit]:
    """The units whose roster `user` sets: where they are admin or chair and the units below
    that have arbitrators or mediators (a district's admin sets the street rooms' roster too)."""
    roots = [m.unit for m in active_memberships(user) if m.role in ROSTER_MANAGERS]
    if not roots:
        return []
    below = Q()
    for root in roots:
        below |= Q(unit__path__startswith=root.path)
    staffed = Membership.objects.filter(below, is_active=True, role__in=CALLABLE_ROLES).values("unit_id")
    return list(Unit.objects.filter(pk__in=staffed, is_active=True).order_by("path"))


def roster_members(unit: Unit) -> list:
    """The people of the unit who can be put on duty (each once, by name)."""
    memberships = (
        Membership.objects.filter(unit=unit, is_active=True, role__in=CALLABLE_ROLES)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    return list({m.user_id: m.user for m in memberships}.values())


@dataclass
class Roster:
    unit: Unit
    days: list[date]
    members: list
    duty: set[tuple[int, date]]  # (user id, day)
    today: date

    def rows(self) -> list[dict]:
        return [
            {
                "user": user,
                "cells": [
                    {"day": day, "on": (user.pk, day) in self.duty, "past": day < self.today}
                    for day in self.days
                ],
            }
            for user in self.members
        ]

    def on_duty_by_day(self) -> list[tuple[date, list]]:
        return [(day, [u for u in self.members if (u.pk, day) in self.duty]) for day in self.days]


def roster(unit: Unit, start: date) -> Roster:
    days = [start + timedelta(days=n) for n in range(ROSTER_DAYS)]
    duty = set(Duty.objects.filter(unit=unit, day__in=days).values_list("user_id", "day"))
    return Roster(unit=unit, days=days, members=roster_members(unit), duty=duty, today=timezone.localdate())


@transaction.atomic
def save_roster(
    *, actor, unit: Unit, start: date, chosen: set[tuple[int, date]], request=None
) -> tuple[int, int]:
    """Set who is on duty on the fortnight from `start`: the chosen (user id, day) pairs.
    Past days and people who are not the unit's arbitrators or mediators are left out.
    Returns how many duties were added and removed."""
    if unit not in roster_units(actor):
        raise NotAllowed(_("只有本单位（或上级单位）的管理员或负责人可以排班。"))
    today = timezone.localdate()
    days = {start + timedelta(days=n) for n in range(ROSTER_DAYS)}
    days = {day for day in days if day >= today}
    members = {user.pk for user in roster_members(unit)}
    wanted = {(user_id, day) for user_id, day in chosen if user_id in members and day in days}
    existing = {(d.user_id, d.day): d for d in Duty.objects.filter(unit=unit, day__in=days)}
    removed = [key for key in existing if key not in wanted]
    added = [key for key in wanted if key not in existing]
    Duty.objects.filter(pk__in=[existing[key].pk for key in removed]).delete()
    Duty.objects.bulk_create(
        Duty(unit=unit, user_id=user_id, day=day, assigned_by=actor) for user_id, day in added
    )
    if added or removed:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=unit,
            summary=_("设置远程指导值班表（%(unit)s）") % {"unit": unit.name},
            data={
                "added": sorted(f"{day.isoformat()} {user_id}" for user_id, day in added),
                "removed": sorted(f"{day.isoformat()} {user_id}" for user_id, day in removed),
            },
            request=request,
        )
    return len(added), len(removed)
