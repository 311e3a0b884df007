"""The page walk of `test_every_page.py`: which URL patterns are pages, how each pattern's path
parameters are filled from the demo district for one role, and what counts as an internal
code leaking into visible text.

The list of patterns comes from Django's URL configuration, so a new page is walked as soon
as it exists; a pattern that is not a page must be named in SKIPPED with its reason.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Patterns that are not pages a person reads, each with the reason it is not walked.
POST_ONLY = "POST only (an act behind a button; GET answers 405)"
DOWNLOAD = "file download (PDF, spreadsheet, calendar file, stored upload)"
MEDIA = "media stream or machine endpoint (JSON state, WeChat callback, recorder hook)"
FRAGMENT = "a fragment polled into a page that is walked (not a page of its own)"
SKIPPED: dict[str, str] = {
    "health": MEDIA,  # a JSON health check for the load balancer
    "set_language": POST_ONLY,
    "javascript-catalog": MEDIA,  # JavaScript, not a page
    "accounts:logout": POST_ONLY,
    "publication:choose": POST_ONLY,
    "workflow:decide": POST_ONLY,
    "hearings:room_ics": DOWNLOAD,
    "hearings:person_ics": DOWNLOAD,
    "hearings:sitting_act": POST_ONLY,
    "hearings:feed_issue": POST_ONLY,
    "hearings:feed_revoke": POST_ONLY,
    "hearings:feed_room": DOWNLOAD,
    "hearings:feed_person": DOWNLOAD,
    "mediation:material_file": DOWNLOAD,
    "mediation:agreement_pdf": DOWNLOAD,
    "performance:report_xlsx": DOWNLOAD,
    "performance:report_pdf": DOWNLOAD,
    "mediation:signature_image": DOWNLOAD,
    "mediation:term_performed": POST_ONLY,
    "mediation:guidance_revoke": POST_ONLY,
    "mediation:stats_xlsx": DOWNLOAD,
    "reports:table_xlsx": DOWNLOAD,
    "reports:kept_file": DOWNLOAD,
    "mediation:lesson_file": MEDIA,
    "mediation:certificate": DOWNLOAD,
    "mediation:assign": POST_ONLY,
    "portal:hand_over": POST_ONLY,
    "portal:elder_mode": POST_ONLY,
    "portal:apply_send_code": POST_ONLY,
    "portal:apply_retry": POST_ONLY,  # its button is on apply_check
    "portal:evidence_file": DOWNLOAD,
    "wechat:endpoint": MEDIA,
    "wechat:oauth_start": MEDIA,  # a redirect to WeChat's authorisation page
    "wechat:oauth_callback": MEDIA,  # WeChat's redirect back, with its one-time code
    "appointments:cancel": POST_ONLY,
    "appointments:check_in": POST_ONLY,  # its button is on appointments:mine
    "appointments:queue_state": MEDIA,
    "procedure:add-holiday": POST_ONLY,
    "procedure:add-arrangement": POST_ONLY,
    "procedure:remove-holiday": POST_ONLY,
    "procedure:set-rule": POST_ONLY,
    "procedure:reset-rule": POST_ONLY,
    "documents:blank_form": DOWNLOAD,
    "documents:template_preview": DOWNLOAD,
    "workflow:award_preview": DOWNLOAD,  # the draft award as the PDF it will be issued as
    "documents:file": DOWNLOAD,
    "delivery:serve": POST_ONLY,
    "reviews:decide": POST_ONLY,
    "reviews:invite": POST_ONLY,
    "reviews:opinion": POST_ONLY,
    "reviews:close": POST_ONLY,
    "delivery:open_file": DOWNLOAD,
    "delivery:postal": POST_ONLY,
    "delivery:postal_receipt": POST_ONLY,
    "delivery:retry": POST_ONLY,
    "recording:request_disc": POST_ONLY,
    "recording:disc_download": DOWNLOAD,
    "meetings:sitting_act": POST_ONLY,
    "meetings:end": POST_ONLY,
    "meetings:recording": DOWNLOAD,
    "meetings:presence": MEDIA,  # what the room's script reports (joined, connection, left)
    "meetings:status": FRAGMENT,  # the room page's notice (ended, caucus), polled
    "meetings:evidence_events": MEDIA,  # the evidence on show, as events (SSE) for the room page
    "meetings:evidence_state": MEDIA,
    "meetings:evidence_file": MEDIA,
    "meetings:ringing": FRAGMENT,  # the dashboard's call panel, polled
    "accounts:key_register_options": POST_ONLY,
    "accounts:key_register": POST_ONLY,
    "accounts:key_sign_in_options": POST_ONLY,
    "accounts:key_sign_in": POST_ONLY,
    "identity:review_photo": MEDIA,  # a photo of a face review, shown in the review page
    "identity:fingerprint_options": POST_ONLY,
    "identity:fingerprint_finish": POST_ONLY,
    "identity:card_reading": POST_ONLY,  # the reader's answer, posted by the 人脸比对 page
    "alerts:act": POST_ONLY,
    "alerts:follow_up_done": POST_ONLY,
    "alerts:minutes": DOWNLOAD,
    "archives:act": POST_ONLY,
    "archives:archivist_act": POST_ONLY,
    "archives:decide": POST_ONLY,
    "archives:reading_request": POST_ONLY,
    "archives:volume": DOWNLOAD,
    "archives:reading": DOWNLOAD,
    "court:act": POST_ONLY,
    "court:manage": POST_ONLY,
    "court:minutes": DOWNLOAD,
    "legalaid:refusal": DOWNLOAD,
    "legalaid:proof": DOWNLOAD,
    "legalaid:portal_supply": POST_ONLY,
    "legalaid:refer": POST_ONLY,
    "legalaid:portal_apply": POST_ONLY,
    "legalaid:advice": POST_ONLY,
    "court:judgment": DOWNLOAD,
    "court:package": DOWNLOAD,
    "archives:panel": FRAGMENT,  # the case page's 卷宗归档 panel, polled while a volume is bound
    "recording:disc_progress": FRAGMENT,  # the disc panel's row of one export, on the case page
    "recording:disc_burn": POST_ONLY,
    "recording:screen_state": MEDIA,
    "recording:screen_events": MEDIA,  # an event stream (SSE) for the screen, not a page
    "recording:presented_file": DOWNLOAD,
    "recording:rotate_key": POST_ONLY,
    "recording:resolve_alert": POST_ONLY,
    "recording:recording_file": MEDIA,
    "recording:hook_publish": MEDIA,
    "recording:hook_update": MEDIA,
    "recording:hook_publish_done": MEDIA,
    "recording:hook_relay": MEDIA,
    "recording:hook_media_auth": MEDIA,
    "transcripts:save": POST_ONLY,
    "transcripts:finalise": POST_ONLY,
    "transcripts:accept": POST_ONLY,
    "transcripts:recognise": POST_ONLY,
    "api-schema": MEDIA,  # the OpenAPI document (YAML)
}
# Patterns walked (their GET answers the site's own page) that no role is shown as a page of
# its own, each with its reason.
NOT_SHOWN: dict[str, str] = {
    "documents:upload_paper": "POST only: a GET shows the site's 405 page (checked)",
    "mediation:caucus_add": "POST only: a GET shows the site's 405 page (checked)",
    "portal:apply": "sends the worker on to the first unfinished step of the application",
    "wechat:bind": "a step of the WeChat sign-in: binds the account and sends the person on",
    "meetings:link": "the link of an SMS: its token is sent to the phone and kept only as a hash "
    "(the room it opens is walked as meetings:room)",
}


def query(pattern: "Pattern", kwargs: dict) -> str:
    """The query string a page is opened with from its link, if it needs one."""
    if pattern.name == "documents:issue":  # 填写并出具 on the case page names the paper
        from medarb.cases.models import Case
        from medarb.documents.selectors import case_papers

        paper = case_papers(Case.objects.get(pk=kwargs["case_id"])).order_by("code").first()
        return f"?paper={paper.code}" if paper else ""
    return ""


SKIPPED_PREFIXES = {"api/v1/": "the REST API answers JSON, not pages (its docs page is walked)"}


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    params: tuple[str, ...]


def page_patterns() -> tuple[list[Pattern], list[tuple[str, str]]]:
    """Every named URL pattern, split into the pages to walk and (name, reason) skipped."""
    walked, skipped = [], []

    def walk(resolver, prefix: str, namespace: str | None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                route = prefix + str(entry.pattern)
                prefix_reason = next((r for p, r in SKIPPED_PREFIXES.items() if route.startswith(p)), None)
                if prefix_reason or name in SKIPPED:
                    skipped.append((name or route, prefix_reason or SKIPPED[name]))
                else:
                    params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
                    walked.append(Pattern(route, name, params))

    walk(get_resolver(), "", None)
    return walked, skipped


# --- filling path parameters ---------------------------------------------------------------


class NoObject(LookupError):
    """The demo holds no object of this kind that the role can reach."""


def _first(queryset, what: str):
    found = queryset.order_by("pk").first()
    if found is None:
        raise NoObject(what)
    return found


# Patterns that need a case of one kind; the rest take the role's first visible case.
MEDIATION_PAGES = ("mediation:",)
ARBITRATION_PAGES = ("hearings:schedule",)


def _visible_cases(user):
    from medarb.cases.models import Case
    from medarb.cases.policy import is_party, visible_cases_filter

    if is_party(user):
        return Case.objects.filter(parties__user=user).distinct()
    return Case.objects.filter(visible_cases_filter(user))


def _case_for(user, pattern: Pattern):
    from medarb.cases.models import CaseKind
    from medarb.cases.policy import can_write_case
    from medarb.cases.workflow import available_actions

    if user is None:
        raise NoObject("a case (anonymous visitor)")
    cases = _visible_cases(user).order_by("pk")
    if pattern.name.startswith(MEDIATION_PAGES):
        cases = cases.exclude(kind=CaseKind.ARBITRATION)
    elif pattern.name in ARBITRATION_PAGES:
        cases = cases.filter(kind=CaseKind.ARBITRATION)
    if pattern.name == "workflow:act":  # a case on which this role is offered an act
        for case in cases.filter(closed_on__isnull=True)[:40]:
            if any(a.allowed for a in available_actions(case=case, user=user)):
                return case
        raise NoObject("an open case with an act offered to this role")
    if pattern.name == "mediation:agreement_sign":
        cases = cases.filter(mediation_agreements__status="signing")
    if pattern.name == "mediation:session_record":
        cases = cases.filter(mediation_sessions__isnull=False)
    if pattern.name == "mediation:route_decide":
        cases = cases.filter(mediation_routes__result="pending")
    if pattern.name == "reviews:request":  # a case with a tribunal this role sits on or chairs
        from medarb.reviews.services import may_request

        for case in cases.filter(closed_on__isnull=True, tribunal__isnull=False)[:40]:
            if may_request(user, case):
                return case
        raise NoObject("an open case whose tribunal this role sits on or chairs")
    if pattern.name == "portal:apply_done":
        cases = cases.filter(online_application__user=user)
    open_cases = cases.filter(closed_on__isnull=True)
    chosen = open_cases if open_cases.exists() else cases
    # A case the role handles (its forms open) before one it only reads.
    writable = next((c for c in chosen[:40] if can_write_case(user, c)), None)
    return writable or _first(chosen, "a case this role can see")


def fill(pattern: Pattern, user) -> dict:
    """Path parameters for `pattern` as `user` (None: an anonymous visitor) would follow them,
    taken from the demo's objects that the user can reach."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from medarb.alerts.selectors import alerts_for
    from medarb.appointments.models import Booking, ServicePoint
    from medarb.cases.models import Case, CaseKind, Party
    from medarb.delivery.models import Service
    from medarb.documents.models import DocumentTemplate, IssuedDocument
    from medarb.hearings.models import Sitting
    from medarb.identity.models import FaceReview
    from medarb.legalaid.selectors import desk
    from medarb.mediation import models as mediation
    from medarb.mediation.training_models import Course, Lesson
    from medarb.meetings.models import Attendee, Meeting
    from medarb.orgs.models import Room
    from medarb.portal.models import ApplicationSubmission, Faq, Question
    from medarb.publication.models import PublishedAward
    from medarb.publication.selectors import reviews
    from medarb.recording.models import DiscExport, Recording
    from medarb.reviews.models import JointReview
    from medarb.search.models import Law, TypicalCase
    from medarb.search.retrieval import visible_entries

    cases = _visible_cases(user) if user is not None else Case.objects.none()
    memo = {}

    def case():
        if "case" not in memo:
            memo["case"] = _case_for(user, pattern)
        return memo["case"]

    fillers: dict[str, Callable[[], object]] = {
        "case_id": lambda: (
            (
                _first(TypicalCase.objects, "a typical case")
                if pattern.name == "search:typical_case"
                else case()
            ).pk
        ),
        "transition": lambda: _transition(case(), user),
        "kind": lambda: CaseKind.ARBITRATION.value,
        "room_id": lambda: _first(Room.objects.filter(sittings__isnull=False).distinct(), "a room").pk,
        "person_id": lambda: _first(get_user_model().objects.filter(username="arb_lin"), "arb_lin").pk,
        "sitting_id": lambda: _first(Sitting.objects.filter(case__in=cases), "a sitting").pk,
        "session_id": lambda: _first(mediation.Session.objects.filter(case=case()), "a session").pk,
        "route_id": lambda: _first(mediation.FollowUpRoute.objects.filter(case=case()), "a route").pk,
        "referral_id": lambda: (
            _first(
                mediation.Referral.objects.filter(case__in=cases, kind="guidance", status="open"),
                "a guidance request",
            ).pk
        ),
        "course_id": lambda: _first(Course.objects, "a course").pk,
        "lesson_id": lambda: _first(Lesson.objects, "a lesson").pk,
        "law_id": lambda: _first(Law.objects, "a law").pk,
        "faq_id": lambda: _first(Faq.objects, "an FAQ entry").pk,
        "question_id": lambda: _first(Question.objects, "a question").pk,
        "point_id": lambda: _first(ServicePoint.objects, "a service point").pk,
        "booking_id": lambda: (
            _first(Booking.objects.filter(user=user, state="booked"), "a booking of this user").pk
        ),
        # a submission still to follow or failed (one that filed its case sends on to apply_done)
        "submission_id": lambda: (
            _first(
                ApplicationSubmission.objects.filter(user=user).exclude(state="done"),
                "a submission of this user",
            ).pk
        ),
        "code": lambda: (
            _first(IssuedDocument.objects.exclude(code=None), "an issued paper").code
            if pattern.name == "verify:code"
            else _first(DocumentTemplate.objects, "a template").code
        ),
        "document_id": lambda: _first(IssuedDocument.objects.filter(case__in=cases), "a document").pk,
        "party_id": lambda: (
            _first(
                Party.objects.filter(case__in=cases).exclude(id_index="")
                if pattern.name in ("identity:face", "identity:fingerprint")
                else Party.objects.filter(case__in=cases),
                "a party",
            ).pk
        ),
        "token": lambda: _first(Service.objects.exclude(token=""), "an electronic service").token,
        "export_id": lambda: _first(DiscExport.objects.filter(case__in=cases), "a disc export").pk,
        "recording_id": lambda: _first(Recording.objects, "a recording").pk,
        "review_id": lambda: _first(JointReview.objects.filter(case__in=cases), "a joint review").pk,
        "face_review_id": lambda: (
            _first(FaceReview.objects.filter(identity_check__party__case__in=cases), "a face review").pk
        ),
        "meeting_id": lambda: _first(Meeting.objects.open().filter(case__in=cases), "a meeting under way").pk,
        "key": lambda: (
            _first(
                Attendee.objects.filter(Q(user=user) | Q(party__user=user)), "an invitation to a meeting"
            ).key
        ),
        "alert_id": lambda: _first(alerts_for(user), "an alert this person sees").pk,
        "entry_id": lambda: (
            _first(
                visible_entries(user) if user is not None else Case.objects.none(),
                "a retrievable document this person sees",
            ).pk
        ),
        "publication_id": lambda: (
            (
                _first(
                    reviews(user) if user is not None else Case.objects.none(), "an award this chair reviews"
                )
                if pattern.name == "publication:review"
                else _first(PublishedAward.objects.filter(state="published"), "a published award")
            ).pk
        ),
        "application_id": lambda: _first(desk(user), "a legal-aid application of this person's station").pk,
        "where": lambda: "main",
        "report_id": lambda: _kept_report(user),
        "step": _first_apply_step,
    }
    kwargs = {}
    for name in pattern.params:
        if name not in fillers:
            raise NoObject(f"no filler for the parameter {name!r}")
        kwargs[name] = fillers[name]()
    return kwargs


def _kept_report(user) -> int:
    """Last month's kept report of a commission the user analyses (kept now, as the monthly
    job would have on the 1st, when the demo has none yet)."""
    from django.utils import timezone

    from medarb.reports.services import keep_report, last_month
    from medarb.stats.views import analysis_units

    units = analysis_units(user) if user is not None and not user.is_party else []
    commission = next((u for u in units if u.kind == "commission"), None)
    if commission is None:
        raise NoObject("a commission whose reports this person reads")
    return keep_report(unit=commission, period=last_month(timezone.localdate())).pk


def _transition(case, user) -> str:
    from medarb.cases.workflow import available_actions

    offered = [a.transition.code for a in available_actions(case=case, user=user) if a.allowed]
    if not offered:
        raise NoObject("an act offered on the case")
    return offered[0]


def _first_apply_step() -> str:
    from medarb.portal import application

    return application.STEP_CODES[0]


# --- internal codes in visible text ----------------------------------------------------------

# ASCII words a Chinese reader is expected to meet: units, formats, protocols, standards and
# product names. Anything else in Latin letters is taken for a code that leaked from the program.
ALLOWED_WORDS = {
    # units and file formats
    "KB",
    "MB",
    "GB",
    "TB",
    "PDF",
    "OFD",
    "DOCX",
    "XLSX",
    "Word",
    "Excel",
    "WPS",
    "PNG",
    "JPG",
    "JPEG",
    "MP4",
    "WebM",
    "ICS",
    "CSV",
    "ISO",
    "UTF-8",
    "px",
    # media and protocols people configure
    "H.264",
    "AAC",
    "RTMP",
    "HLS",
    "SRT",
    "RTSP",
    "HTTP",
    "HTTPS",
    "URL",
    "API",
    "APP",  # 打卡APP in the published typical cases
    "REST",
    "OpenAPI",
    "JSON",
    "YAML",
    "IP",
    "USB",
    "DVD",
    "CD",
    "QR",
    "CA",
    "SHA-256",
    "SM2",
    "SM3",
    "TLS",
    # sign-in and checks
    "TOTP",
    "SMS",
    "ID",
    "OCR",
    "PIN",
    # calendar files and apps
    "iCalendar",
    "Outlook",
    "Google",
    "Apple",
    "iPhone",
    "Android",
    "WeChat",
    # weekdays and meridians of time pickers
    "AM",
    "PM",
    # formats and products named in hints ("ZIP", "Windows 下中文文件名", "Microsoft Authenticator")
    "ZIP",
    "Windows",
    "Linux",
    "macOS",
    "Microsoft",
    "Authenticator",
    # the fingerprint sign-in of Windows ("Windows Hello") and the browsers named for WebAuthn
    "Hello",
    "Chrome",
    "Edge",
    "Firefox",
    "Safari",
}
# Text that may carry a code for a reason a person understands, each with that reason:
# {pattern name: {token: reason}}.
ALLOWED_ON_PAGE: dict[str, dict[str, str]] = {}
# Pages not read for codes, each with its reason.
CODES_EXPECTED = {
    # the template editor lists the variables an admin types into a template's source
    # ({{ case.cause }}, extra.hearing_time): there they are the template language
    "documents:template_edit": "the template language of the template editor",
    "api-docs": "the developers' API reference, in English with field names by design",
    "api-redoc": "the developers' API reference, in English with field names by design",
}
# Pages whose markup is a third-party application we serve as is: axe is not run on them.
AXE_EXEMPT = {
    "api-docs": "Swagger UI of drf-spectacular-sidecar, the developers' API reference",
    "api-redoc": "ReDoc of drf-spectacular-sidecar, the developers' API reference",
}

_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w/])/[\w\-./?=&%#:]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FILE = re.compile(
    r"[\w\-.（）()\u4e00-\u9fff]+\.(?:pdf|docx?|xlsx?|ofd|png|jpe?g|mp4|m3u8|ics|csv|zip|iso|txt)\b", re.I
)
# A hash shown for checking (SHA-256 of a recording or a disc, in full or its first digits).
_HEX = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8,}(?![0-9A-Za-z])")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[.\-→>][A-Za-z0-9_]+)*")
_ARROW = re.compile(r"[A-Za-z_]+\s*(?:→|->)\s*[A-Za-z_]+")
# A code shown on purpose for a person to type (a TOTP secret, a verification code): upper
# case letters and digits, long.
_TYPED_CODE = re.compile(r"[A-Z2-7]{16,}|[A-Z0-9]{8,}|[A-Z0-9]{4}(?:-[A-Z0-9]{4})+")


def identifiers_in(text: str) -> list[str]:
    """The tokens of `text` that look like internal identifiers, in order, without repeats."""
    found = [m.group() for m in _ARROW.finditer(text)]
    for pattern in (_URL, _EMAIL, _FILE, _HEX):
        text = pattern.sub(" ", text)
    for token in _TOKEN.findall(text):
        token = token.rstrip(".-")
        if token in ALLOWED_WORDS or _TYPED_CODE.fullmatch(token):
            continue
        if "_" in token or "." in token:
            found.append(token)  # snake_case, dotted model and act names
        elif any(c.isdigit() for c in token):
            continue  # numbers, case numbers, ID masks, versions
        elif len(token) >= 2 or token.islower():
            found.append(token)  # English words
    seen = set()
    return [t for t in found if not (t in seen or seen.add(t))]
