"""Writing the transcript of a sitting: autosaved turns, every revision kept, recognised
speech accepted into it, and the finished record issued as the 庭审笔录 for signing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.cases.services import record_act
from medarb.core.errors import DomainError, NotAllowed
from medarb.documents.services import issue_document
from medarb.hearings.models import Sitting
from medarb.recording.live import sits_in
from medarb.transcripts.models import Segment, Transcript, TranscriptRevision, TranscriptState

MAX_TURNS = 3000
MAX_TEXT = 20000
MAX_SPEAKER = 40

# The standard steps of a hearing, offered as quick inserts in the editor.
PHRASES = (
    ("核对当事人身份", "书记员：现在核对当事人及其代理人的身份。"),
    ("宣布纪律", "书记员：请全体起立，仲裁员入庭。现在宣布庭审纪律。"),
    ("告知权利义务", "仲裁员：现在告知当事人的仲裁权利和义务。当事人是否听清？是否申请仲裁员回避？"),
    ("申请人陈述", "仲裁员：请申请人陈述仲裁请求及事实和理由。"),
    ("被申请人答辩", "仲裁员：请被申请人进行答辩。"),
    ("举证质证", "仲裁员：现在进行举证、质证。请申请人出示证据。"),
    ("法庭调查", "仲裁员：现在进行法庭调查。"),
    ("辩论", "仲裁员：现在进行庭审辩论。"),
    ("最后陈述", "仲裁员：请双方作最后陈述。"),
    ("调解意愿", "仲裁员：双方是否愿意调解？"),
    ("闭庭", "仲裁员：今天的庭审到此结束，请双方阅读笔录，无误后签名。现在闭庭。"),
)


def may_write(user, sitting: Sitting) -> bool:
    """The clerk and the tribunal of the sitting write its transcript."""
    return sits_in(user, sitting)


def transcript_for(sitting: Sitting) -> Transcript:
    transcript, _created = Transcript.objects.get_or_create(sitting=sitting)
    return transcript


def clean_turns(turns) -> list[dict]:
    """Turns as the editor sends them, checked: a list of {speaker, text, at}."""
    if not isinstance(turns, list) or len(turns) > MAX_TURNS:
        raise DomainError(_("笔录格式不正确。"))
    cleaned = []
    for turn in turns:
        if not isinstance(turn, dict):
            raise DomainError(_("笔录格式不正确。"))
        speaker, text, at = turn.get("speaker", ""), turn.get("text", ""), turn.get("at")
        if not isinstance(speaker, str) or not isinstance(text, str):
            raise DomainError(_("笔录格式不正确。"))
        if len(speaker) > MAX_SPEAKER or len(text) > MAX_TEXT:
            raise DomainError(_("一段笔录过长，请分段记录。"))
        if at is not None and not (isinstance(at, int | float) and 0 <= at < 48 * 3600):
            at = None
        if speaker.strip() or text.strip():
            cleaned.append({"speaker": speaker.strip(), "text": text.rstrip(), "at": at})
    return cleaned


@dataclass(frozen=True)
class Saved:
    transcript: Transcript
    conflict: bool  # another tab saved first: this text is kept as a revision, not applied


@transaction.atomic
def save_transcript(*, sitting: Sitting, actor, turns, based_on: int) -> Saved:
    """Save the editor's turns. A save based on an older revision than the current one is kept
    whole as a revision and reported as a conflict; it never overwrites the newer text."""
    if not may_write(actor, sitting):
        raise NotAllowed(_("只有本次开庭的书记员和仲裁员可以记录笔录。"))
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(sitting).pk)
    if transcript.state == TranscriptState.FINAL:
        raise DomainError(_("笔录已定稿，不能再修改。"))
    cleaned = clean_turns(turns)
    conflict = based_on != transcript.revision
    number = (transcript.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    TranscriptRevision.objects.create(
        transcript=transcript, number=number, turns=cleaned, saved_by=actor, based_on=based_on
    )
    if not conflict:
        transcript.turns = cleaned
        transcript.revision = transcript.revision + 1
        transcript.updated_by = actor
        transcript.save(update_fields=["turns", "revision", "updated_by", "updated_at"])
    return Saved(transcript=transcript, conflict=conflict)


@transaction.atomic
def accept_segment(*, segment: Segment, actor, text: str | None = None, speaker: str = "") -> Transcript:
    """Take a recognised segment into the transcript (as heard, or as the clerk corrected it)."""
    sitting = segment.recognition.recording.sitting
    if not may_write(actor, sitting):
        raise NotAllowed(_("只有本次开庭的书记员和仲裁员可以记录笔录。"))
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(sitting).pk)
    if transcript.state == TranscriptState.FINAL:
        raise DomainError(_("笔录已定稿，不能再修改。"))
    turn = {
        "speaker": speaker[:MAX_SPEAKER],
        "text": (text if text is not None else segment.text)[:MAX_TEXT],
        "at": segment.start,
    }
    turns = sorted([*transcript.turns, turn], key=lambda t: (t["at"] is None, t["at"] or 0))
    transcript.turns = turns
    transcript.revision += 1
    transcript.updated_by = actor
    transcript.save(update_fields=["turns", "revision", "updated_by", "updated_at"])
    segment.accepted = True
    segment.save(update_fields=["accepted"])
    return transcript


def as_text(turns: list[dict]) -> str:
    return "\n".join(f"{t['speaker']}：{t['text']}" if t["speaker"] else t["text"] for t in turns)


@transaction.atomic
def finalise(*, sitting: Sitting, actor, request=None) -> Transcript:
    """Issue the transcript as the 庭审笔录 of the case, to be signed on screen by the parties and
    the tribunal; the draft can no longer change."""
    if not may_write(actor, sitting):
        raise NotAllowed(_("只有本次开庭的书记员和仲裁员可以记录笔录。"))
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(sitting).pk)
    if transcript.state == TranscriptState.FINAL:
        raise DomainError(_("笔录已定稿。"))
    if not transcript.turns:
        raise DomainError(_("笔录还是空的。"))
    local = timezone.localtime(sitting.starts_at)
    extra = {
        "hearing_time": f"{local:%Y年%m月%d日 %H:%M}",
        "room": sitting.room.name if sitting.room else "",
        "arbitrators": "、".join(str(m) for m in sitting.members.all()),
        "clerk": str(sitting.clerk or ""),
        "transcript": as_text(transcript.turns),
    }
    document = issue_document(
        case=sitting.case, template_code="hearing_transcript", actor=actor, context=extra, request=request
    )
    transcript.state = TranscriptState.FINAL
    transcript.document = document
    transcript.save(update_fields=["state", "document", "updated_at"])
    record_act(
        case=sitting.case,
        actor=actor,
        kind="transcript_final",
        title=gettext_lazy("庭审笔录定稿（%(n)s 段）"),
        params={"n": len(transcript.turns)},
        article="《劳动争议调解仲裁法》第四十条",
        obj=transcript,
        action=AuditAction.CREATE,
        summary="庭审笔录定稿",
        audit_data={"document": document.pk, "revision": transcript.revision},
        request=request,
        sitting=sitting.pk,
        document=document.pk,
    )
    return transcript
