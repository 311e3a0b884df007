import io

import pytest
from cryptography.fernet import Fernet
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


@pytest.fixture
def field_keys(settings):
    """Set MEDARB_FIELD_KEYS (and MEDARB_INDEX_KEY) for one test; the caches follow. The
    keys the test started with (those the fixtures' data is under) are `use.original`."""
    from medarb.core import crypto

    def use(*keys: str, index: str = "") -> None:
        settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_INDEX_KEY = list(keys), index
        crypto.forget_keys()

    use.original = crypto._keys()[0].decode()
    yield use
    crypto.forget_keys()


NEW_KEY = Fernet.generate_key().decode()


@pytest.mark.django_db
class TestKeyRotation:
    def test_a_new_key_in_front_keeps_every_look_up(self, field_keys):
        before = blind_index("13812345678")
        field_keys(NEW_KEY, field_keys.original)
        assert blind_index("13812345678") == before

    def test_the_index_key_keeps_look_ups_once_the_old_key_is_dropped(self, field_keys):
        before = blind_index("13812345678")
        field_keys(NEW_KEY, index=field_keys.original)
        assert blind_index("13812345678") == before

    def test_reencryption_lets_the_old_key_go(self, field_keys, cast):
        from django.core.management import call_command

        from medarb.accounts.models import User

        phone = cast.worker.phone
        field_keys(NEW_KEY, field_keys.original)
        call_command("reencrypt_personal_data", stdout=io.StringIO())
        field_keys(NEW_KEY, index=field_keys.original)  # the original key is gone
        assert User.objects.get(phone_index=blind_index(phone)).phone == phone
