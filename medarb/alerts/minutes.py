"""The joint meeting's minutes (联席会议纪要) as a PDF in the official layout, sealed by the
alert's unit (PAdES, with the unit's seal over the signature block on the last page)."""

from django.template.loader import render_to_string
from django.utils import timezone

from medarb.alerts.models import JointMeeting
from medarb.core.files import store_bytes
from medarb.documents.pdf import render_html
from medarb.documents.rendering import official_date, official_datetime
from medarb.documents.signing import seal_pdf

# Where the seal goes on the last page (points from the bottom left of an A4 page): over the
# unit's name and date, which the page keeps at its foot.
SEAL_BOX = (370, 95, 500, 225)


def minutes_html(meeting: JointMeeting) -> str:
    alert = meeting.alert
    return render_to_string(
        "alerts/minutes_pdf.html",
        {
            "meeting": meeting,
            "alert": alert,
            "held": official_datetime(meeting.held_at),
            "issued": official_date(timezone.localdate()),
            "paragraphs": [p.strip() for p in meeting.minutes.splitlines() if p.strip()],
            "follow_ups": list(meeting.follow_ups.select_related("unit")),
            "cases": alert.cases.count(),
        },
    )


def sealed_minutes(meeting: JointMeeting, *, actor):
    document = render_html(minutes_html(meeting))
    pdf = document.write_pdf()
    sealed = seal_pdf(pdf, unit=meeting.alert.unit, page=len(document.pages) - 1, box=SEAL_BOX)
    return store_bytes(
        data=sealed, name=f"joint-meeting-{meeting.pk}.pdf", content_type="application/pdf", actor=actor
    )
