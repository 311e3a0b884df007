"""Composite transcripts (智能复合笔录): the clerk's typed record of a sitting, every saved
revision kept, beside the segments speech recognition found in its recordings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranscriptState(models.TextChoices):
    DRAFT = "draft", _("记录中")
    FINAL = "final", _("已定稿")


class Transcript(models.Model):
    """The transcript of one sitting. `turns` is a list of {"speaker", "text", "at"} (at = seconds
    into the sitting's recording, or null); `revision` grows with every save."""

    sitting = models.OneToOneField("hearings.Sitting", on_delete=models.CASCADE, related_name="transcript")
    turns = models.JSONField(default=list)
    revision = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=TranscriptState.choices, default=TranscriptState.DRAFT)
    document = models.OneToOneField(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("庭审笔录")
        verbose_name_plural = _("庭审笔录")

    def __str__(self) -> str:
        return f"transcript of sitting {self.sitting_id}"


class TranscriptRevision(models.Model):
    """Every save, whole: two tabs saving over each other never lose text."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    turns = models.JSONField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    based_on = models.PositiveIntegerField()  # the revision the saving tab had loaded

    class Meta:
        ordering = ["transcript_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "number"], name="transcript_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.transcript} r{self.number}"


class Recognition(models.Model):
    """One run of speech recognition over one recording."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("识别中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    recording = models.ForeignKey(
        "recording.Recording", on_delete=models.CASCADE, related_name="recognitions"
    )
    engine = models.CharField(max_length=60)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    real_time_factor = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"recognition of recording {self.recording_id}"


class Segment(models.Model):
    """A stretch of speech the recogniser heard, aligned to the recording's time; the clerk
    accepts it into the transcript as heard or edited."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="segments")
    start = models.FloatField()  # seconds into the recording
    end = models.FloatField()
    text = models.TextField()
    accepted = models.BooleanField(default=False)

    class Meta:
        ordering = ["recognition_id", "start"]

    def __str__(self) -> str:
        return f"{self.start:.1f}s {self.text[:20]}"
