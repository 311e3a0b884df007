"""Linking a party's sign-in account to the case parties registered with the same phone.

Registered with accounts' hook at start-up (see `CasesConfig.ready`), because accounts sits
below cases and must not import it.
"""

from medarb.cases.models import Party


def link_parties_to_account(*, user, phone_index: str) -> int:
    """Give the account every not-yet-linked party whose phone has this blind index."""
    if not phone_index:
        return 0
    return Party.objects.filter(phone_index=phone_index, user__isnull=True).update(user=user)
