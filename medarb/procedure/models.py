"""The engine's records: calendar and rule overrides, running clocks, to-dos and approvals.

Models point at the case with the lazy reference "cases.Case" only: the procedure app sits
below cases and never imports it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from medarb.orgs.models import Role
from medarb.procedure.rules import RULE_CHOICES, DayType


class HolidayArrangement(models.Model):
    """The State Council's holiday arrangement of a year chinese-calendar does not know yet.

    Its days are `HolidayOverride` rows pointing at it; once it exists the year counts as
    published (weekends plus those days) instead of the statutory fallback.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice = models.CharField(
        _("通知文号或来源"), max_length=120, help_text=_("例如“国务院办公厅关于2027年部分节假日安排的通知”。")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    entered_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.notice}"


class HolidayOverride(models.Model):
    """One day whose status differs from chinese-calendar, or a day of a year it does not know."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=120, blank=True, help_text=_("例如“2027年春节调休上班”。"))
    arrangement = models.ForeignKey(
        HolidayArrangement, null=True, blank=True, on_delete=models.CASCADE, related_name="days"
    )

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'工作日' if self.is_working_day else '休息日'}"


class CalendarWarning(models.Model):
    """A notice to calendar administrators that next year's holiday arrangement is still unknown."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    raised_on = models.DateField(_("提示日期"))
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("节假日安排提示")
        verbose_name_plural = _("节假日安排提示")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class RuleOverride(models.Model):
    """A unit's reading of a statutory period (本委规则), e.g. counting the 5-day period in
    natural days; it holds for the unit and every unit below it unless one of them has its own."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="rule_overrides"
    )
    code = models.CharField(_("期间规则"), max_length=40, choices=RULE_CHOICES)
    days = models.PositiveSmallIntegerField(_("天数"))
    day_type = models.CharField(_("计日方式"), max_length=10, choices=DayType.choices)
    note = models.CharField(_("依据或说明"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("期间规则调整")
        verbose_name_plural = _("期间规则调整")
        ordering = ["unit_id", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="rule_override_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.code}: {self.days} {self.get_day_type_display()}"


class Flag(models.TextChoices):
    NONE = "none", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")


class DeadlineState(models.TextChoices):
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("已暂停")
    MET = "met", _("已完成")
    STOPPED = "stopped", _("已停止")


class Deadline(models.Model):
    """One statutory clock of one case. `due_on` is the current due date after pauses and
    extensions, kept in the row so that the daily sweep is a handful of set-based UPDATEs."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    rule_code = models.CharField(_("期间规则"), max_length=40, choices=RULE_CHOICES)
    # The rule as it was counted when the clock started (an override made later does not
    # move a running clock).
    days = models.PositiveSmallIntegerField(_("天数"))
    day_type = models.CharField(_("计日方式"), max_length=10, choices=DayType.choices)
    started_on = models.DateField(_("起算日"))
    base_due_on = models.DateField(_("法定届满日"))
    due_on = models.DateField(_("届满日"), null=True, blank=True)
    paused_since = models.DateField(_("暂停日"), null=True, blank=True)
    # Natural days spent paused, over all pauses.
    paused_days = models.PositiveIntegerField(_("暂停天数"), default=0)
    # Days (in the rule's day type) that were left when the clock was paused.
    days_left_at_pause = models.IntegerField(null=True, blank=True)
    extended_days = models.PositiveIntegerField(_("延长天数"), default=0)
    state = models.CharField(
        _("状态"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    stopped_on = models.DateField(_("停止日"), null=True, blank=True)
    flag = models.CharField(_("提示"), max_length=10, choices=Flag.choices, default=Flag.NONE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_code"],
                condition=Q(state__in=["running", "paused"]),
                name="deadline_one_live_clock_per_rule",
            )
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="deadline_state_due")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.rule_code} → {self.due_on}"


class TaskState(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    CANCELLED = "cancelled", _("已取消")


class Task(models.Model):
    """A to-do waiting for a role in a unit (or for one person) on a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="tasks"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    kind = models.CharField(_("事项类型"), max_length=40)
    title = models.CharField(_("事项"), max_length=200)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    # The clock this to-do answers to; its pauses and extensions move the to-do's due date.
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    state = models.CharField(_("状态"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN)
    flag = models.CharField(_("提示"), max_length=10, choices=Flag.choices, default=Flag.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="task_state_due"),
            models.Index(fields=["unit", "role", "state"], name="task_unit_role_state"),
            models.Index(fields=["case", "state"], name="task_case_state"),
        ]

    def __str__(self) -> str:
        return self.title


class ApprovalKind(models.TextChoices):
    NON_ACCEPTANCE = "non_acceptance", _("不予受理")
    EXTENSION = "extension", _("延长审理期限")
    TERMINATION = "termination", _("终止审理")
    AWARD_SIGN_OFF = "award_sign_off", _("裁决书签发")
    SUSPENSION = "suspension", _("中止审理")
    OTHER = "other", _("其他")


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")


class Approval(models.Model):
    """A request that waits for the chair (主任) before a transition may fire."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="approvals")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("审批单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("审批事项"), max_length=20, choices=ApprovalKind.choices)
    transition_code = models.CharField(_("程序动作"), max_length=60)
    payload = models.JSONField(_("申请内容"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    approver_role = models.CharField(_("审批角色"), max_length=20, choices=Role.choices, default=Role.CHAIR)
    state = models.CharField(
        _("状态"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("审批")
        verbose_name_plural = _("审批")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["case", "state"], name="approval_case_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"
