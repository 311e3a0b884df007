"""Hooks through which higher apps take part in sign-in without accounts importing them.

accounts sits below cases in the dependency order, so it cannot link a new party account
to the case parties registered with the same phone number itself. The cases app registers
a linker at start-up (`AppConfig.ready`); accounts calls every linker after a party signs in.
"""

from collections.abc import Callable

# A linker receives the party user and the blind index of the verified phone number and
# returns how many records it linked (for the audit entry).
PartyLinker = Callable[..., int]

_party_linkers: list[PartyLinker] = []


def register_party_linker(linker: PartyLinker) -> PartyLinker:
    """Register `linker(*, user, phone_index) -> int`; usable as a decorator."""
    if linker not in _party_linkers:
        _party_linkers.append(linker)
    return linker


def party_linkers() -> tuple[PartyLinker, ...]:
    return tuple(_party_linkers)
