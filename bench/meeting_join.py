"""Joining a video meeting, the app's part (target: p95 < 200 ms): the room page of a signed-in
mediator, the room page a party's SMS link opens (the same phone coming back), and the
presence report the room's script sends on joining.

    .venv/bin/python bench/meeting_join.py [--count 20000] [-n 100] [--rebuild]

Uses the bench database (demo district + generated cases) and the online mediation the demo
opens (medarb/demo/meetings.py). Janus is not needed: admission is the app's; the time from
the page to Janus's `joined` is measured by bench/meeting_media.py.
"""

import json
import re

from _harness import arguments, bench_database, load_average, measure, report


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.test import Client
    from django.urls import reverse

    from medarb.core.sms import ConsoleBackend
    from medarb.meetings import services
    from medarb.meetings.models import AttendeeRole, Meeting

    print(f"load: {load_average()}")
    meeting = Meeting.objects.open().filter(parent__isnull=True).select_related("opened_by").first()
    if meeting is None:
        raise SystemExit("no meeting under way in the bench database (the demo opens one): --rebuild")
    host = Client()
    host.force_login(meeting.opened_by)
    room = reverse("meetings:room", args=[meeting.pk])
    assert host.get(room).status_code == 200, "the host is refused the room"
    report("meetings.room_staff", measure(lambda: host.get(room), n=args.n), target_ms=200)

    party = meeting.attendees.filter(role=AttendeeRole.PARTY).select_related("party").first()
    # a fresh link, as 发送参会短信 sends it (the party is invited already: Janus is not asked)
    services.invite_party(meeting=meeting, party=party.party, actor=meeting.opened_by)
    link = re.sub(r"^https?://[^/]+", "", ConsoleBackend.outbox[-1]["params"]["link"])
    phone = Client()
    assert phone.get(link).status_code == 200  # the first opening binds the link to this phone
    report("meetings.room_by_link", measure(lambda: phone.get(link), n=args.n), target_ms=200)

    presence = reverse("meetings:presence", args=[party.key])
    body = json.dumps({"event": "connection", "state": "connected"})

    def report_presence():
        phone.post(presence, body, content_type="application/json", HTTP_SEC_FETCH_SITE="same-origin")

    report("meetings.presence", measure(report_presence, n=args.n), target_ms=200)


if __name__ == "__main__":
    main()
