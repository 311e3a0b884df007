"""Callbacks run when a document is served, so the procedure engine can start the periods
that run from service (defence period, time to sue …) without delivery importing it.

    from medarb.delivery.hooks import register_on_served

    def on_served(document, served_at, *, party, service, channel):
        ...

    register_on_served(on_served)          # in an AppConfig.ready()

Callbacks run inside the transaction that records the service: if one raises, nothing of
the service is recorded and the error reaches the caller.
"""

from collections.abc import Callable

_callbacks: list[Callable] = []


def register_on_served(callback: Callable) -> Callable:
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def unregister_on_served(callback: Callable) -> None:
    if callback in _callbacks:
        _callbacks.remove(callback)


def fire_on_served(*, document, served_at, party, service, channel: str) -> None:
    """Call every callback one way: `callback(document, served_at, party=, service=, channel=)`."""
    for callback in list(_callbacks):
        callback(document, served_at, party=party, service=service, channel=channel)
