"""What higher apps offer a person in a meeting room (a paper to sign during an online
mediation), without this app importing them: a provider, registered at start-up, takes the
attendee and returns a (label, url) or None; the room's notice shows each."""

from collections.abc import Callable

RoomAction = Callable[..., tuple[str, str] | None]  # action(attendee=) -> (label, url) | None
_actions: list[RoomAction] = []


def add_room_action(action: RoomAction) -> None:
    if action not in _actions:
        _actions.append(action)


def room_actions(attendee) -> list[tuple[str, str]]:
    return [offered for action in _actions if (offered := action(attendee=attendee))]
