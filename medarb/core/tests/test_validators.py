from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from medarb.core.validators import (
    PROVINCE_CODES,
    USCC_CHARSET,
    id_check_digit,
    is_mobile,
    parse_mobile,
    parse_phone,
    parse_resident_id,
    parse_uscc,
    uscc_check_char,
)

regions = st.sampled_from(sorted(PROVINCE_CODES)).flatmap(
    lambda p: st.from_regex(r"[0-9]{4}", fullmatch=True).map(lambda rest: p + rest)
)
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 1, 1))
sequences = st.from_regex(r"[0-9]{3}", fullmatch=True)


def make_id(region: str, birth: date, seq: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + id_check_digit(first17)


class TestResidentIdNumbers:
    def test_a_real_format_number_parses_with_region_birth_and_sex(self):
        parsed = parse_resident_id("110101199003078515")
        assert parsed.region_code == "110101"
        assert parsed.birth_date == date(1990, 3, 7)
        assert parsed.is_male

    def test_a_lower_case_x_check_digit_is_accepted_and_normalised(self):
        number = make_id("440305", date(1985, 6, 1), "012")
        if number.endswith("X"):
            assert parse_resident_id(number.lower()).number == number

    @given(regions, births, sequences)
    def test_every_number_with_a_computed_check_digit_is_valid(self, region, birth, seq):
        number = make_id(region, birth, seq)
        parsed = parse_resident_id(number, today=date(2026, 11, 28))
        assert parsed.number == number
        assert parsed.birth_date == birth
        assert parsed.is_male == (int(seq[-1]) % 2 == 1)

    @given(
        regions,
        births,
        sequences,
        st.integers(min_value=0, max_value=16),
        st.integers(min_value=1, max_value=9),
    )
    def test_changing_any_one_digit_is_caught(self, region, birth, seq, position, delta):
        number = make_id(region, birth, seq)
        digit = (int(number[position]) + delta) % 10
        tampered = number[:position] + str(digit) + number[position + 1 :]
        with pytest.raises(ValidationError):
            parse_resident_id(tampered, today=date(2026, 11, 28))

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("", "format"),
            ("11010119900307851", "format"),
            ("1101011990030785155", "format"),
            ("11010119900307851Y", "format"),
            ("990101199003078515", "region"),
            ("110101199002308515", "birth_date"),
            ("110101189912318515", "birth_date"),
        ],
    )
    def test_malformed_numbers_are_refused_with_a_reason(self, value, code):
        with pytest.raises(ValidationError) as error:
            parse_resident_id(value)
        assert error.value.code == code

    def test_a_birth_date_in_the_future_is_refused(self):
        tomorrow = date.today() + timedelta(days=1)
        with pytest.raises(ValidationError):
            parse_resident_id(make_id("110101", tomorrow, "001"))


class TestSocialCreditCodes:
    @pytest.mark.parametrize("code", ["9144030071526726XG", "91110000802100433B", "91330100799655058B"])
    def test_published_codes_of_real_companies_pass(self, code):
        assert parse_uscc(code) == code

    @given(
        st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2),
        st.from_regex(r"[0-9]{6}", fullmatch=True),
        st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
    )
    def test_every_code_with_a_computed_check_character_is_valid(self, head, region, body):
        first17 = head + region + body
        assert parse_uscc(first17 + uscc_check_char(first17))

    @given(
        st.from_regex(r"[0-9]{6}", fullmatch=True),
        st.integers(min_value=0, max_value=16),
        st.sampled_from(USCC_CHARSET),
    )
    def test_changing_one_character_is_caught(self, region, position, replacement):
        first17 = "91" + region + "MA0000000"
        code = first17 + uscc_check_char(first17)
        if code[position] == replacement:
            return
        tampered = code[:position] + replacement + code[position + 1 :]
        with pytest.raises(ValidationError):
            parse_uscc(tampered)

    @pytest.mark.parametrize("value", ["", "91440300715267", "9144030071526726IG", "91AB030071526726XG"])
    def test_malformed_codes_are_refused(self, value):
        with pytest.raises(ValidationError):
            parse_uscc(value)


class TestMobileNumbers:
    @pytest.mark.parametrize("value", ["13800138000", "+86 138-0013-8000", " 199 0000 0000 "])
    def test_mainland_mobiles_are_normalised(self, value):
        assert len(parse_mobile(value)) == 11

    @pytest.mark.parametrize(
        "value", ["", "12800138000", "1380013800", "138001380001", "abc", "010-12345678"]
    )
    def test_other_numbers_are_refused(self, value):
        with pytest.raises(ValidationError):
            parse_mobile(value)


class TestPartyPhones:
    """A party's phone may be a mobile or an employer's landline; SMS goes to mobiles only."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("0592-5551234", "0592-5551234"),
            ("(0592)5551234", "0592-5551234"),
            ("0592 5551234", "0592-5551234"),
            ("010-87654321", "010-87654321"),
            ("0592-5551234-801", "0592-5551234-801"),
            ("0592-5551234转801", "0592-5551234-801"),
            ("０５９２－５５５１２３４", "0592-5551234"),
            ("138 0013 8000", "13800138000"),
        ],
    )
    def test_mobiles_and_landlines_with_area_codes_are_accepted(self, value, expected):
        assert parse_phone(value) == expected

    @pytest.mark.parametrize(
        "value", ["", "5551234", "0592-123", "0012-5551234", "abc", "0592-5551234-1234567"]
    )
    def test_numbers_without_an_area_code_or_malformed_are_refused(self, value):
        with pytest.raises(ValidationError):
            parse_phone(value)

    def test_only_mobiles_can_receive_sms(self):
        assert is_mobile("13800138000")
        assert not is_mobile("0592-5551234")
        assert not is_mobile("")


class TestNonAsciiDigits:
    def test_full_width_input_from_a_chinese_keyboard_is_normalised(self):
        assert parse_mobile("１３８００１３８０００") == "13800138000"
        assert parse_resident_id("１１０１０１１９９００３０７８５１５").number == "110101199003078515"

    def test_digits_of_other_scripts_are_refused(self):
        with pytest.raises(ValidationError):
            parse_resident_id("١١٠١٠١١٩٩٠٠٣٠٧٨٥١٥")
