"""Hooks higher apps fill in, so documents never imports them.

`party_may_open`: whether a party user may open a document of their case. Delivery sets it
(a party reads what was served to them); by default parties read their case's papers.

`extra_signers`: people outside the case's own who sign a paper on screen (the experts of a
joint review sign its minutes). A rule returns `signers.Signer`s for (document, actor): those
the actor may collect the signature of. Whoever a rule names as a signer may read the paper.
"""

from collections.abc import Callable

_party_rule: list[Callable[..., bool]] = []


def set_party_rule(rule: Callable[..., bool]) -> None:
    _party_rule[:] = [rule]


def party_may_open(*, user, document) -> bool:
    if _party_rule:
        return _party_rule[0](user=user, document=document)
    return True


_signer_rules: list[Callable[..., list]] = []


def add_signer_rule(rule: Callable[..., list]) -> None:
    if rule not in _signer_rules:
        _signer_rules.append(rule)


def extra_signers(*, document, actor) -> list:
    return [signer for rule in _signer_rules for signer in rule(document=document, actor=actor)]
