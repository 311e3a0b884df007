"""The page walk's reading of visible text: what counts as an internal code on screen."""

from tests.browser.walk import identifiers_in


def test_snake_case_dotted_names_and_arrows_are_codes():
    text = "hearing_time=十时 cases.case 90 arbitration.postpone_hearing: hearing_scheduled → hearing"
    found = identifiers_in(text)
    assert {
        "hearing_time",
        "cases.case",
        "arbitration.postpone_hearing",
        "hearing_scheduled → hearing",
    } <= set(found)


def test_a_hash_shown_for_checking_is_not_a_code_whatever_its_last_digits():
    assert identifiers_in("庭审录像已保存（SHA-256 7fe1ecf7a3808cef…）") == []
    assert identifiers_in("SHA-256 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") == []


def test_words_of_the_allowed_list_and_numbers_pass():
    assert identifiers_in("上传 PDF 或 MP4（不超过 20 MB），滨鹭劳人仲案字〔2026〕第12号") == []
