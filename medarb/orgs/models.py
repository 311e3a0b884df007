"""The organisation tree, its rooms, the roles staff hold in units, and the pools."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("省级仲裁委员会")
    CITY = "city", _("市级仲裁委员会")
    COMMISSION = "commission", _("区仲裁院")
    STREET = "street", _("街道调解室")
    COMMUNITY = "community", _("社区调解委员会")
    ENTERPRISE = "enterprise", _("企业调解委员会")
    LEGAL_AID = "legal_aid", _("法律援助工作站")
    COURT = "court", _("人民法院")
    SUPERVISOR = "supervisor", _("上级机构")
    DISCIPLINE = "discipline", _("纪检监察")


# The arbitration commissions (district, city, province): they keep the calendar and hear cases.
COMMISSION_KINDS = frozenset({UnitKind.COMMISSION, UnitKind.CITY, UnitKind.PROVINCE})


class MediationLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    STREET = "street", _("街道")
    COMMUNITY = "community", _("社区")
    ENTERPRISE = "enterprise", _("企业")


MEDIATION_LEVEL_OF_KIND = {
    UnitKind.COMMISSION: MediationLevel.DISTRICT,
    UnitKind.STREET: MediationLevel.STREET,
    UnitKind.COMMUNITY: MediationLevel.COMMUNITY,
    UnitKind.ENTERPRISE: MediationLevel.ENTERPRISE,
}


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A node of the organisation tree; `path` is the materialised path of ids ("/1/4/17/")."""

    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    # A supervising body, court or legal-aid station is attached to the unit whose cases it
    # may see (its jurisdiction), which is usually not its parent.
    jurisdiction = models.ForeignKey(
        "self",
        verbose_name=_("监督/衔接范围"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    case_prefix = models.CharField(
        _("案号字号"), max_length=20, blank=True, help_text=_("例如“鹭湖劳人仲”，用于生成案号。")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def mediation_level(self) -> str | None:
        return MEDIATION_LEVEL_OF_KIND.get(self.kind)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)


class RoomKind(models.TextChoices):
    ARBITRATION_COURT = "arbitration_court", _("数字仲裁庭")
    MEDIATION_ROOM = "mediation_room", _("调解室")
    FILING_ROOM = "filing_room", _("立案室")
    LEGAL_AID_ROOM = "legal_aid_room", _("法律援助室")
    REMOTE_REVIEW_CENTRE = "remote_review_centre", _("远程会审中心")
    DIGITAL_MEDIATION_ROOM = "digital_mediation_room", _("数字调解室")
    # A mobile arbitration court (巡回仲裁庭) held outside the commission; its address is the location.
    CIRCUIT_COURT = "circuit_court", _("巡回仲裁庭")


class Room(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=30, choices=RoomKind.choices)
    seats = models.PositiveSmallIntegerField(_("座位数"), default=12)
    location = models.CharField(_("位置"), max_length=120, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("场所")
        verbose_name_plural = _("场所")
        ordering = ["unit_id", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="room_unique_name_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name} · {self.name}"


class Role(models.TextChoices):
    CHAIR = "chair", _("主任")
    ARBITRATOR = "arbitrator", _("仲裁员")
    CLERK = "clerk", _("书记员")
    FILING_OFFICER = "filing_officer", _("立案员")
    MEDIATOR = "mediator", _("调解员")
    UNIT_ADMIN = "unit_admin", _("单位管理员")
    SUPERVISOR = "supervisor", _("监督员")
    LEGAL_AID_OFFICER = "legal_aid_officer", _("法律援助专员")
    COURT_LIAISON = "court_liaison", _("法院联络员")
    STATISTICIAN = "statistician", _("统计员")
    ARCHIVIST = "archivist", _("档案管理员")


# Roles that must use a second factor at every sign-in.
MFA_REQUIRED_ROLES = frozenset({Role.CHAIR, Role.UNIT_ADMIN})


class Membership(models.Model):
    """One role a person holds in one unit; a person may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)
    since = models.DateField(_("起始日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class PoolKind(models.TextChoices):
    ARBITRATOR = "arbitrator", _("仲裁员库")
    MEDIATOR = "mediator", _("调解员库")


class PoolStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    INACTIVE = "inactive", _("停用")


class PoolMember(models.Model):
    """An entry of the arbitrator or mediator pool (仲裁员库 / 调解员库)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_entries")
    pool = models.CharField(_("名册"), max_length=20, choices=PoolKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="pool_members"
    )
    is_full_time = models.BooleanField(_("专职"), default=True)
    qualification = models.CharField(_("资格证书"), max_length=80, blank=True)
    qualified_on = models.DateField(_("取得资格日期"), null=True, blank=True)
    specialities = models.JSONField(_("专长"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PoolStatus.choices, default=PoolStatus.ACTIVE)

    class Meta:
        verbose_name = _("名册成员")
        verbose_name_plural = _("名册成员")
        constraints = [models.UniqueConstraint(fields=["user", "pool"], name="pool_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_pool_display()})"


class StandardKind(models.TextChoices):
    MIN_WAGE_MONTHLY = "min_wage_monthly", _("月最低工资标准")
    AVG_WAGE_MONTHLY = "avg_wage_monthly", _("上年度职工月平均工资")
    LEGAL_AID_LINE = "legal_aid_line", _("法律援助经济困难标准")


class RegionalStandard(models.Model):
    """A money standard published for a region from a date (minimum wage, average wage …).

    `region_code` is an administrative-division code or a prefix of one: "" for a national
    default, "35" or "350000" for a province, "3501"/"350100" for a city, "350102" for a
    district. `orgs.selectors.standard_for` picks the most specific one in force.
    """

    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    kind = models.CharField(_("标准类型"), max_length=20, choices=StandardKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    effective_from = models.DateField(_("施行日期"))
    source = models.CharField(_("依据文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("地区标准")
        verbose_name_plural = _("地区标准")
        ordering = ["region_code", "kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "kind", "effective_from"], name="regional_standard_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="regional_standard_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code or '全国'} {self.get_kind_display()} {self.amount} ({self.effective_from})"
