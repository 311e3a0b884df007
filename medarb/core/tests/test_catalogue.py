"""The English catalogue: every interface string has a translation that keeps its placeholders,
and switching the language really gives an English page.

The source strings are Simplified Chinese; medarb/locale/en/LC_MESSAGES/django.po carries the
English. `make messages` refreshes it; a msgid left untranslated or marked fuzzy fails here.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

# An isolated file store and demo PKI (autouse) for the papers issued below.
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401

CATALOGUE = Path(settings.BASE_DIR) / "medarb" / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s / %(n)d / %s / %d (python-format; "%%" is a literal percent sign) and {name} (str.format).
PERCENT = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
CHINESE = re.compile(r"[\u4e00-\u9fff]+")
BRACES = re.compile(r"(?<!\{)\{\w*\}(?!\})")


def placeholders(text: str) -> Counter:
    text = text.replace("%%", "")
    return Counter(PERCENT.findall(text)) + Counter(BRACES.findall(text))


def live_entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_the_catalogue_has_the_interface_strings():
    # A guard against testing an empty or truncated file: the interface has well over a thousand.
    assert len(live_entries()) > 1000


def test_every_string_is_translated_and_none_is_fuzzy():
    untranslated = [e.msgid for e in live_entries() if not all(t.strip() for t in translations(e))]
    fuzzy = [e.msgid for e in live_entries() if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert not polib.pofile(str(CATALOGUE)).metadata_is_fuzzy


def test_translations_keep_the_placeholders_of_the_source():
    wrong = []
    for entry in live_entries():
        expected = placeholders(entry.msgid)
        if entry.msgid_plural:
            expected |= placeholders(entry.msgid_plural)
        for form, text in enumerate(translations(entry)):
            found = placeholders(text)
            # An English singular may say "one" instead of showing the number.
            fits = found <= expected if entry.msgid_plural and form == 0 else found == expected
            if not fits:
                wrong.append((entry.msgid, text))
    assert not wrong, wrong[:5]


def test_translations_keep_the_line_breaks_at_the_ends():
    wrong = [
        e.msgid
        for e in live_entries()
        for text in translations(e)
        if text.endswith("\n") != e.msgid.endswith("\n") or text.startswith("\n") != e.msgid.startswith("\n")
    ]
    assert not wrong, wrong[:5]


@pytest.mark.django_db
class TestSwitchingToEnglish:
    def switch(self, client, language: str):
        response = client.post("/i18n/setlang/", {"language": language, "next": "/accounts/login/"})
        assert response.status_code == 302

    def test_the_staff_login_page_is_in_english(self, client):
        compiled = CATALOGUE.with_suffix(".mo")
        assert compiled.exists(), "compile the catalogue first: manage.py compilemessages"
        self.switch(client, "en")
        page = client.get("/accounts/login/").content.decode()
        for english in ("Staff sign-in", "Username", "Password", "Sign in", "Parties sign in with a code"):
            assert english in page
        # The switcher names Chinese in Chinese so that a reader of Chinese can find the way back.
        leftover = CHINESE.findall(page.replace("简体中文", ""))
        assert not leftover, "".join(leftover)

    def test_switching_back_gives_chinese_again(self, client):
        self.switch(client, "en")
        self.switch(client, "zh-hans")
        page = client.get("/accounts/login/").content.decode()
        assert "工作人员登录" in page
        assert "Staff sign-in" not in page


@pytest.mark.django_db
class TestEnglishScreensChineseRecords:
    """Labels declared in code (states, causes) follow the reader's language; what is stored or
    issued (timeline, to-dos, official papers) stays in Chinese whoever acted in English."""

    @pytest.fixture
    def accepted_in_english(self, cast):
        from django.utils import translation

        from medarb.arbitration import services
        from medarb.testing import register

        case = register(actor=cast.filing_officer, unit=cast.district)
        with translation.override("en"):  # as the filing officer's English screen does
            return services.accept_case(case=case, actor=cast.filing_officer)

    def test_the_case_page_shows_the_state_and_the_cause_in_english(self, client, cast, accepted_in_english):
        client.force_login(cast.filing_officer)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        page = client.get(reverse("cases:detail", args=[accepted_in_english.pk])).content.decode()
        status = page[page.index('data-testid="case-status"') :][:200]
        assert "Docketed" in status and "已立案" not in status
        assert "Unpaid wages" in page
        assert "鹭湖区仲裁院 · " in page  # unit and role in the header are kept apart

    def test_the_same_page_in_chinese_keeps_the_chinese_names(self, client, cast, accepted_in_english):
        client.force_login(cast.filing_officer)
        page = client.get(reverse("cases:detail", args=[accepted_in_english.pk])).content.decode()
        assert "已立案" in page and "拖欠工资" in page

    def test_the_timeline_and_to_dos_are_stored_in_chinese(self, cast, accepted_in_english):
        from medarb.procedure.models import Task

        entry = accepted_in_english.timeline.filter(kind="transition").latest("id")
        assert entry.title == "受理立案"
        titles = list(Task.objects.filter(case=accepted_in_english).values_list("title", flat=True))
        assert any("已立案" in t for t in titles)
        assert not [t for t in titles if re.search("[A-Za-z]{3,}", t)]

    def test_papers_issued_from_an_english_screen_are_in_chinese(self, cast, accepted_in_english, tmp_path):
        from medarb.core.files import read_bytes
        from medarb.documents.models import IssuedDocument
        from medarb.documents.testing import pdf_text, poppler_available

        if not poppler_available():
            pytest.skip("poppler-utils not installed")
        notice = IssuedDocument.objects.get(case=accepted_in_english, template_code="acceptance_notice")
        text = pdf_text(read_bytes(notice.current.pdf), tmp_path).replace(" ", "")
        assert "拖欠工资" in text and "决定立案受理" in text
        assert "Unpaid wages" not in text
