"""Hooks higher apps fill in, so documents never imports them.

`party_may_open`: whether a party user may open a document of their case. Delivery sets it
(a party reads what was served to them); by default parties read their case's papers.
"""

from collections.abc import Callable

_party_rule: list[Callable[..., bool]] = []


def set_party_rule(rule: Callable[..., bool]) -> None:
    _party_rule[:] = [rule]


def party_may_open(*, user, document) -> bool:
    if _party_rule:
        return _party_rule[0](user=user, document=document)
    return True
