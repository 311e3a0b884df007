import pytest
from hypothesis import given
from hypothesis import strategies as st

from medarb.core.crypto import blind_index, decrypt, encrypt
from medarb.core.masking import mask_id_number, mask_name, mask_phone


class TestMasking:
    def test_an_id_number_keeps_only_the_region(self):
        assert mask_id_number("110101199003078515") == "110101************"

    def test_a_phone_keeps_prefix_and_last_four(self):
        assert mask_phone("13812345678") == "138****5678"

    def test_a_name_keeps_the_family_name(self):
        assert mask_name("张三丰") == "张**"

    @given(st.text(min_size=15, max_size=18, alphabet="0123456789X"))
    def test_masked_ids_show_neither_birth_date_nor_sequence_nor_check_digit(self, value):
        masked = mask_id_number(value)
        assert len(masked) == len(value)
        assert masked[6:] == "*" * (len(value) - 6)

    @given(st.text(min_size=1, max_size=14, alphabet="0123456789X"))
    def test_other_numbers_show_at_most_two_characters(self, value):
        masked = mask_id_number(value)
        assert len(masked) == len(value) and sum(ch != "*" for ch in masked) <= 2

    @pytest.mark.parametrize("value", ["", None])
    def test_empty_values_stay_empty(self, value):
        assert mask_id_number(value) == "" and mask_phone(value) == ""


class TestEncryption:
    @given(st.text(min_size=1, max_size=40))
    def test_values_round_trip(self, value):
        assert decrypt(encrypt(value)) == value

    def test_ciphertexts_differ_for_the_same_value_but_the_blind_index_does_not(self):
        assert encrypt("13800138000") != encrypt("13800138000")
        assert blind_index("13800138000") == blind_index(" 13800138000 ")

    def test_a_foreign_token_is_refused(self):
        with pytest.raises(ValueError):
            decrypt("gAAAAABnot-a-token")
