"""Small input and output serializers of the case API: shapes and field checks only, no logic.

Inputs check types, lengths, enums and identifier formats so that a bad payload gets a field
message in Chinese before any service runs; the services still decide what is allowed.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from medarb.cases import causes
from medarb.cases.employers import EmployerType, Industry
from medarb.cases.models import CaseKind, Channel, PartyKind, PartySide
from medarb.cases.selectors import ORDERINGS
from medarb.core.masking import mask_id_number, mask_phone
from medarb.core.validators import parse_phone, parse_resident_id, parse_uscc

LEAF_CAUSES = [(code, cause.label) for code, cause in causes.CAUSES.items() if cause.parent]
TOP_CAUSES = [(code, cause.label) for code, cause in causes.CAUSES.items() if not cause.parent]
MAX_PARTIES = 50
MAX_CLAIMS = 50


def _parsed(parse, value: str) -> str:
    """Run one of core.validators' parsers and turn its error into a DRF field error."""
    try:
        result = parse(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None
    return getattr(result, "number", result)


# --- inputs ------------------------------------------------------------------------------


class CaseFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="案号或当事人姓名")
    kind = serializers.ChoiceField(choices=CaseKind.choices, required=False, allow_blank=True)
    status = serializers.CharField(required=False, allow_blank=True, max_length=40)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=2**53)
    cause = serializers.ChoiceField(
        choices=TOP_CAUSES, required=False, allow_blank=True, help_text="一级争议事项"
    )
    open = serializers.BooleanField(required=False, default=False, help_text="仅未结")
    collective = serializers.BooleanField(required=False, default=False, help_text="仅集体争议")
    industry = serializers.ChoiceField(
        choices=Industry.choices, required=False, allow_blank=True, help_text="被申请单位所属行业门类"
    )
    employer_type = serializers.ChoiceField(
        choices=EmployerType.choices, required=False, allow_blank=True, help_text="被申请单位类型"
    )
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS), required=False, default="-id", help_text="排序"
    )
    page = serializers.IntegerField(required=False, min_value=1, help_text="页码")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=200, help_text="每页条数（至多200）"
    )


class PartyInput(serializers.Serializer):
    side = serializers.ChoiceField(choices=PartySide.choices)
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    is_organisation = serializers.BooleanField(required=False, default=False)
    name = serializers.CharField(max_length=120)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=18, default="")
    uscc = serializers.CharField(required=False, allow_blank=True, max_length=18, default="")
    legal_representative = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    occupation = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    industry = serializers.ChoiceField(
        choices=Industry.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="单位：国民经济行业门类",
    )
    employer_type = serializers.ChoiceField(
        choices=EmployerType.choices, required=False, allow_blank=True, default="", help_text="单位：单位类型"
    )

    def validate_id_number(self, value: str) -> str:
        return _parsed(parse_resident_id, value) if value.strip() else ""

    def validate_uscc(self, value: str) -> str:
        return _parsed(parse_uscc, value) if value.strip() else ""

    def validate_phone(self, value: str) -> str:
        return _parsed(parse_phone, value) if value.strip() else ""

    def validate(self, attrs: dict) -> dict:
        # On PATCH the flag may be absent: the caller merges the stored value in first.
        is_organisation = attrs.get("is_organisation", self.context.get("is_organisation", False))
        errors = {}
        if is_organisation and attrs.get("id_number"):
            errors["id_number"] = [_("单位当事人请填写统一社会信用代码，不填身份证号码。")]
        if not is_organisation and attrs.get("uscc"):
            errors["uscc"] = [_("自然人当事人不填统一社会信用代码。")]
        if not is_organisation and (attrs.get("industry") or attrs.get("employer_type")):
            errors["industry"] = [_("自然人当事人不填所属行业和单位类型。")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class NewPartyInput(PartyInput):
    principal = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**53, help_text="被代理人（本案当事人 id）"
    )


class RegistrationPartyInput(PartyInput):
    principal_index = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_PARTIES - 1,
        help_text="被代理人在 parties 中的位置",
    )


class ClaimInput(serializers.Serializer):
    cause = serializers.ChoiceField(choices=LEAF_CAUSES, help_text="二级争议事项代码，如 wages.unpaid")
    description = serializers.CharField(max_length=500)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if start and end and start > end:
            raise serializers.ValidationError({"period_end": [_("期间止不能早于期间起。")]})
        return attrs


class CaseRegisterInput(serializers.Serializer):
    unit = serializers.IntegerField(
        min_value=1, max_value=2**53, help_text="承办单位 id（须为本人有办案角色的单位）"
    )
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, default=Channel.WINDOW)
    received_on = serializers.DateField()
    primary_cause = serializers.ChoiceField(choices=LEAF_CAUSES)
    facts = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    worker_count = serializers.IntegerField(required=False, min_value=1, max_value=100000, default=1)
    threatens_collective_action = serializers.BooleanField(
        required=False, default=False, help_text="劳动者扬言采取集体行动（上访、聚集、停工等）"
    )
    parties = RegistrationPartyInput(many=True, min_length=2, max_length=MAX_PARTIES)
    claims = ClaimInput(many=True, min_length=1, max_length=MAX_CLAIMS)

    def validate_unit(self, value: int) -> int:
        if value not in {unit.pk for unit in self.context["units"]}:
            raise serializers.ValidationError(_("您不能在该单位登记案件。"))
        return value

    def validate_parties(self, parties: list[dict]) -> list[dict]:
        errors: list[dict] = []
        for index, party in enumerate(parties):
            principal = party.get("principal_index")
            if principal is not None and (principal >= len(parties) or principal == index):
                errors.append({"principal_index": [_("被代理人序号无效。")]})
            else:
                errors.append({})
        if any(errors):
            raise serializers.ValidationError(errors)
        return parties


# --- outputs -----------------------------------------------------------------------------


class CaseUnitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseListOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    display_number = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    status = serializers.CharField()
    status_label = serializers.CharField()
    unit = CaseUnitOutput()
    primary_cause = serializers.CharField()
    primary_cause_label = serializers.CharField()
    party_names = serializers.CharField()
    claimed_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    worker_count = serializers.IntegerField()
    is_collective = serializers.BooleanField()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class CaseListPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseListOutput(many=True)


class PartyOutput(serializers.Serializer):
    """ID and phone numbers are masked unless the context says the viewer may see them (`clear`)."""

    id = serializers.IntegerField()
    side = serializers.ChoiceField(choices=PartySide.choices)
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    is_organisation = serializers.BooleanField()
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField()
    uscc = serializers.CharField()
    legal_representative = serializers.CharField()
    phone = serializers.SerializerMethodField()
    address = serializers.CharField()
    occupation = serializers.CharField()
    industry = serializers.CharField()
    employer_type = serializers.CharField()
    principal = serializers.IntegerField(source="principal_id", allow_null=True)

    def get_id_number(self, party) -> str:
        return party.id_number if self.context.get("clear") else mask_id_number(party.id_number)

    def get_phone(self, party) -> str:
        return party.phone if self.context.get("clear") else mask_phone(party.phone)


class ClaimOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    cause = serializers.CharField()
    cause_label = serializers.CharField()
    description = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)


class CaseTimelineEntryOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    article = serializers.CharField()
    actor = serializers.StringRelatedField()
    is_internal = serializers.BooleanField()


class CaseDetailOutput(CaseListOutput):
    channel = serializers.ChoiceField(choices=Channel.choices)
    facts = serializers.CharField()
    threatens_collective_action = serializers.BooleanField()
    can_write = serializers.SerializerMethodField()
    parties = PartyOutput(many=True)
    claims = ClaimOutput(many=True)
    timeline = CaseTimelineEntryOutput(many=True)

    def get_can_write(self, case) -> bool:
        return bool(self.context.get("can_write"))
