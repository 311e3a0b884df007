"""What a read-only reader sees of a party, screens and papers together, never gives the
whole ID or phone number.

The attack: a mask that kept region and last four (`350203********8518`) beside papers that
print the birth date and gender gave every supervisor, statistician, admin, legal-aid officer
and court liaison the full number. Here each read-only role of the cast opens every page of
a case it can reach (following the links of the case page) and downloads every paper (PDF
through pdftotext, DOCX through python-docx); the digits revealed at known positions are
united, and the numbers still consistent with them (gender parity, check digit) counted.
"""

import io
import json
import re
import subprocess
from datetime import date
from itertools import product

import pytest
from django.urls import reverse

from medarb.cases.services import share_case
from medarb.core.masking import mask_phone
from medarb.documents import rendering, services
from medarb.documents.testing import numbered_case
from medarb.orgs.models import Role, UnitKind
from medarb.orgs.services import create_unit
from medarb.procedure.declaration import registered
from medarb.testing import WORKER_ID, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]

WORKER_PHONE = "13800138000"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_DIGITS = "10X98765432"
# Fewer candidates than this and a guess (or a few phone calls) finds the person.
ENOUGH = 100


def _check_digit(first17: str) -> str:
    return CHECK_DIGITS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def _date_forms(number: str) -> list[str]:
    """Every way a page or paper may write the birth date held in the ID number."""
    y, m, d = number[6:10], number[10:12], number[12:14]
    official = rendering.official_date(date(int(y), int(m), int(d)))
    return [
        official,
        f"{y}{m}{d}",
        f"{y}-{m}-{d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}年{int(m)}月{int(d)}日",
        f"{y}年{m}月{d}日",
    ]


def revealed_positions(texts: list[str], number: str, *, birth_date: bool = True) -> set[int]:
    """Positions of `number` that any text shows: masks (digits and * of the same length,
    agreeing where they show a digit) and whole or partial runs of the number; the birth
    date in any common form reveals positions 6–13 of an ID."""
    shown: set[int] = set()
    pattern = re.compile(r"(?<![0-9Xx*])[0-9Xx*]{" + str(len(number)) + r"}(?![0-9Xx*])")
    for text in texts:
        flat = re.sub(r"[\s\u00a0-]", "", text) if len(number) == 11 else text
        for token in pattern.findall(text) + pattern.findall(flat):
            if all(c == "*" or c.upper() == n for c, n in zip(token, number, strict=True)):
                shown |= {i for i, c in enumerate(token) if c != "*"}
        if number in text or number in flat:
            shown |= set(range(len(number)))
        if birth_date and any(form in text for form in _date_forms(number)):
            shown |= set(range(6, 14))
    return shown


def id_candidates(shown: set[int], number: str, *, gender_known: bool) -> int:
    """How many valid 18-digit numbers agree with what was shown (and the gender)."""
    unknown = [i for i in range(17) if i not in shown]
    if len(unknown) > 5:
        return 10**5  # more than enough: no need to count
    count = 0
    for digits in product("0123456789", repeat=len(unknown)):
        candidate = list(number[:17])
        for i, digit in zip(unknown, digits, strict=True):
            candidate[i] = digit
        if gender_known and int(candidate[16]) % 2 != int(number[16]) % 2:
            continue
        if 17 in shown and _check_digit("".join(candidate)) != number[17]:
            continue
        count += 1
    return count


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text_of(response, tmp_path) -> str:
    data = _body(response)
    kind = response.get("Content-Type", "")
    if data.startswith(b"%PDF"):
        return _pdf_text(data, tmp_path)
    if data.startswith(b"PK"):
        return _docx_text(data)
    if "json" in kind:
        return json.dumps(json.loads(data), ensure_ascii=False)
    return data.decode(errors="replace")


def everything_seen(client, case, tmp_path) -> list[str]:
    """Every page of the case the user reaches from its page (two links deep), the API
    views of the case and every version of every paper, as text."""
    start = [
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:audit", args=[case.pk]),
        reverse("api-case", args=[case.pk]),
        reverse("api-case-parties", args=[case.pk]),
        reverse("api-case-claims", args=[case.pk]),
        reverse("api-case-workflow", args=[case.pk]),
    ]
    for document in case.documents.all():
        for file in document.files.all():
            url = reverse("documents:file", args=[document.pk]) + f"?v={file.version}"
            start += [url, url + "&fmt=docx"]
    file_prefix = reverse("documents:file", args=[0]).replace("/0/", "/")
    follow = re.compile(r'href="(/[^"#]*)"')
    seen, texts, queue = set(), [], [(url, 0) for url in start]
    while queue:
        url, depth = queue.pop(0)
        url = url.replace("&amp;", "&")
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text_of(response, tmp_path)
        texts.append(text)
        if depth < 2 and "html" in response.get("Content-Type", ""):
            for link in follow.findall(text):
                if f"/{case.pk}/" in link or link.startswith(file_prefix):
                    queue.append((link, depth + 1))
    return texts


@pytest.fixture
def case_with_papers(cast):
    """A district case whose worker has an ID and phone, with every paper of arbitration issued."""
    case = numbered_case(cast)
    extra = rendering.sample_context()["extra"] | {
        "recipient": "张三",
        "method": "电子送达（短信）",
        "place": mask_phone(WORKER_PHONE),  # what delivery prints on the proof of service
    }
    for code in sorted(registered()["arbitration"].papers):
        services.issue_document(case=case, template_code=code, actor=cast.clerk, context=extra, docx=True)
    return case


def _read_only_readers(cast, case) -> dict:
    upper = create_unit(
        name="市人社局监督处", kind=UnitKind.SUPERVISOR, parent=cast.city, jurisdiction=cast.district
    )
    readers = {
        "supervisor (上级机构)": make_staff("upper", "许上级", upper, Role.SUPERVISOR),
        "supervisor (纪检监察)": cast.supervisor,
        "statistician": cast.statistician,
        "unit_admin": cast.unit_admin,
        "legal_aid_officer": cast.legal_aid_officer,
        "court_liaison": cast.court_liaison,
    }
    share_case(actor=cast.clerk, case=case, reason="法律援助", unit=cast.legal_aid)
    share_case(actor=cast.clerk, case=case, reason="诉调衔接", unit=cast.court)
    return readers


class TestMasksAndPapersTogether:
    def test_the_papers_print_the_birth_date_so_the_mask_must_not_show_the_rest(
        self, case_with_papers, tmp_path
    ):
        texts = [_pdf_text(_body_of(d), tmp_path) for d in case_with_papers.documents.all()]
        assert revealed_positions(texts, WORKER_ID) >= set(range(6, 14))

    def test_no_read_only_role_can_rebuild_the_id_or_phone_number(
        self, client, cast, case_with_papers, tmp_path
    ):
        case = case_with_papers
        for role, user in _read_only_readers(cast, case).items():
            client.force_login(user)
            texts = everything_seen(client, case, tmp_path)
            assert any("张三" in text for text in texts), f"{role} saw nothing of the case"
            assert any("%PDF" not in t and "出生" in t for t in texts), f"{role} got no paper"
            shown = revealed_positions(texts, WORKER_ID)
            candidates = id_candidates(shown, WORKER_ID, gender_known=True)
            assert len(shown) < 18 and candidates >= ENOUGH, (role, sorted(shown), candidates)
            phone_shown = revealed_positions(texts, WORKER_PHONE, birth_date=False)
            assert 10 ** (11 - len(phone_shown)) >= ENOUGH, (role, sorted(phone_shown))
            client.logout()

    def test_those_who_handle_the_case_still_see_the_numbers(self, client, cast, case_with_papers, tmp_path):
        client.force_login(cast.clerk)
        texts = everything_seen(client, case_with_papers, tmp_path)
        assert WORKER_ID in "".join(texts) and WORKER_PHONE in "".join(texts)

    def test_the_old_mask_with_the_papers_gave_the_whole_number(self):
        """The attack as it was: region and last four on screen, birth date on paper."""
        old_mask = WORKER_ID[:6] + "*" * 8 + WORKER_ID[-4:]
        shown = revealed_positions([old_mask, "一九九〇年三月七日出生"], WORKER_ID)
        assert len(shown) == 18


def _body_of(document) -> bytes:
    from medarb.core.files import read_bytes

    return read_bytes(document.current.pdf)
