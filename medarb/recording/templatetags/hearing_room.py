"""The hearing room's links on pages of other apps: `{% sitting_room sitting %}` on the sitting
page renders its live page, evidence control, screen, transcript and recordings for those who
may use them (nothing for anyone else), and `|clock` writes seconds as h:mm:ss."""

from django import template

from medarb.recording import presentation
from medarb.recording.room import sitting_rooms

register = template.Library()


@register.inclusion_tag("recording/_sitting_room_card.html", takes_context=True)
def sitting_room(context, sitting) -> dict:
    rooms = sitting_rooms(context["request"].user, sitting.case, [sitting])
    return {"room": rooms[0] if rooms else None}


@register.filter
def clock(seconds) -> str:
    return presentation.clock(seconds)
