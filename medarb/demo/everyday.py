"""Everyday work in the demo district, done through the platform's own services, so that every
page has something real to show: a mediation agreement awaiting signatures and one whose
judicial confirmation is pending (鹭湖街道), guidance requests from street rooms to the
district (one open, one answered), a mandatory training course for the street rooms and an
optional one, questions the assistant handed to the filing window (one answered), a booking
of the demo worker at the filing window, and the demo worker's online application: a first
submit whose card photo arrived broken, then the one that was read and filed.

Each act is done by the person who would do it, with no direct model write. The jobs some acts
queue (reading the card photo, the SMS telling an asker of the answer) are run here at once, as
the job would; the queued copy finds the work done and returns. SMS messages of this seeding go
to the demo's own phones (`DemoPhone`), never to a configured gateway. The scheduler refuses
past times, so each mediation's session lies on a coming working day although its agreement is
already drafted (and one already sealed: the parties settled before the session was held).
"""

import io
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image, ImageDraw, ImageFont

from medarb.accounts.models import SmsCodePurpose, User
from medarb.accounts.services import request_sms_code
from medarb.appointments.models import PointKind, ServicePoint
from medarb.appointments.services import book, slots_for
from medarb.cases.models import Case, CaseKind, Channel, PartyKind, PartySide
from medarb.cases.services import CaseInput, ClaimInput, PartyInput
from medarb.core.errors import DomainError
from medarb.core.validators import id_check_digit
from medarb.demo import district as d
from medarb.demo.samples import uscc_for
from medarb.hearings import timing
from medarb.identity.testing import FONT, id_card_png
from medarb.mediation import services as mediation
from medarb.mediation import training
from medarb.mediation.models import PerformanceMethod, RouteKind, SignerRole
from medarb.portal import application, submission
from medarb.portal.forms import ApplicantForm, EmployerForm, FactsForm
from medarb.portal.services import answer_question, hand_over_question, notify_asker
from medarb.procedure.calendar import is_working_day

STREET = "luhu"
SESSION_STARTS = ("09:30", "14:30", "10:30", "16:00")


class DemoPhone:
    """The SMS backend of this seeding: the demo's phones 'receive' here and nothing leaves."""

    inbox: list[dict] = []

    def send(self, *, phone: str, template: str, params: dict[str, str], out_id: str = "") -> str:
        self.inbox.append({"phone": phone, "template": template, "params": params})
        return f"demo-{len(self.inbox)}"


def seed_everyday(demo, *, users: dict[str, User], today: date) -> None:
    """Seed the everyday objects of the module doc into a freshly loaded demo district."""
    with override_settings(SMS_BACKEND=f"{__name__}.DemoPhone"):
        _agreements(demo, users, today)
        _guidance(demo, users)
        _training(demo, users, today)
        worker = User.objects.get(username=f"demo_{d.WORKER['phone']}")
        _questions(users, worker)
        _booking(demo, worker, today)
        _online_application(demo, worker, today)


# --- mediation at 鹭湖街道: an agreement being signed, a route awaiting the court ----------

# (applicant, ID's first 17 digits, phone; employer, phone, legal representative; cause, claim, amount;
#  facts; matters agreed; terms as (text, amount, days to pay); days since receipt)
MEDIATIONS = (
    (("刘春梅", "35020319880512402", "15860071234"), ("鹭湖鑫源餐饮管理有限公司", "13706052288", "黄志明"),
     ("wages.unpaid", "支付拖欠的两个月工资", "9600.00"),
     "申请人在被申请人处任厨师，被申请人以经营困难为由拖欠最近两个月工资共9600元。",
     "申请人主张被申请人拖欠两个月工资共计9600元；被申请人认可欠薪，请求分两期支付。",
     (("支付拖欠的工资", "4800.00", 10), ("支付剩余拖欠工资", "4800.00", 40)), 3),
    (("陈国强", "35021119791103281", "18659203377"), ("滨海美佳物业服务有限公司", "13950086611", "林美佳"),
     ("termination.compensation", "支付解除劳动合同经济补偿", "21000.00"),
     "申请人在被申请人处任保安六年，被申请人因物业项目撤场解除劳动合同，未支付经济补偿。",
     "申请人主张经济补偿21000元；被申请人同意支付，双方就数额协商一致。",
     (("支付解除劳动合同经济补偿", "18000.00", 15),), 9),
)  # fmt: skip


def _mediation_case(demo, actor, today: date, row) -> tuple[Case, object]:
    """Register, accept, book a session and draft the agreement, as the street mediator does."""
    (name, first17, phone), (employer, employer_phone, rep), (cause, claim, amount) = row[:3]
    facts, matters, terms, days_ago = row[3:]
    street, received_on = demo.units[f"street:{STREET}"], today - timedelta(days=days_ago)
    parties = [
        PartyInput(side=PartySide.APPLICANT, kind=PartyKind.WORKER, name=name, phone=phone,
                   id_number=first17 + id_check_digit(first17), address="滨海市鹭湖区湖滨北路"),
        PartyInput(side=PartySide.RESPONDENT, kind=PartyKind.EMPLOYER, name=employer, is_organisation=True,
                   uscc=uscc_for(employer), phone=employer_phone, legal_representative=rep,
                   industry=d.employer_kind(employer)[0], employer_type=d.employer_kind(employer)[1]),
    ]  # fmt: skip
    data = CaseInput(
        kind=CaseKind.MEDIATION, unit=street, received_on=received_on, primary_cause=cause, facts=facts,
        channel=Channel.WINDOW, parties=parties,
        claims=[ClaimInput(cause=cause, description=claim, amount=Decimal(amount))],
    )  # fmt: skip
    case = mediation.register_mediation(actor=actor, data=data)
    case = mediation.accept_mediation(case=case, actor=actor, decided_on=received_on, mediator=actor)
    _book_session(case, actor, street.rooms.first(), today)
    demo.cases.append(case)
    demo.case_units[case.pk] = f"street:{STREET}"
    agreement = mediation.draft_agreement(
        case=case,
        actor=actor,
        data=mediation.AgreementInput(
            matters=matters,
            terms=[
                mediation.TermInput(description=text, amount=Decimal(money), due_on=today + timedelta(days),
                                    method=PerformanceMethod.BANK_TRANSFER)
                for text, money, days in terms
            ],
            performance_text="被申请人通过银行转账支付至申请人本人账户。",
        ),
    )  # fmt: skip
    return case, agreement


def _book_session(case: Case, actor, room, today: date) -> None:
    """The first free slot of the coming working days (the scheduler refuses clashes)."""
    for offset in range(1, 30):
        day = today + timedelta(days=offset)
        for start in SESSION_STARTS if is_working_day(day) else ():
            try:
                starts_at = timing.at(day, time.fromisoformat(start))
                mediation.schedule_session(case=case, actor=actor, starts_at=starts_at, minutes=90, room=room)
                return
            except DomainError:
                continue
    raise DomainError("no free session slot in the coming month")


def _sign(agreement, actor, party=None) -> None:
    """A signature on the pad, witnessed by the mediator: the name in ink on a transparent PNG."""
    name = party.name if party is not None else actor.full_name
    image, png = Image.new("RGBA", (360, 120), (0, 0, 0, 0)), io.BytesIO()
    ImageDraw.Draw(image).text((20, 25), name, font=ImageFont.truetype(FONT, 60), fill=(20, 30, 90, 255))
    image.save(png, format="PNG")
    role = party.side if party is not None else SignerRole.MEDIATOR
    mediation.sign_agreement(agreement=agreement, actor=actor, role=role, party=party, image=png.getvalue())


def _agreements(demo, users, today: date) -> None:
    actor = users[f"{STREET}_mediator"]
    signing, agreement = _mediation_case(demo, actor, today, MEDIATIONS[0])
    _sign(agreement, actor, signing.parties.get(side=PartySide.APPLICANT))  # the employer is still to sign
    confirmed, sealed = _mediation_case(demo, actor, today, MEDIATIONS[1])
    for party in confirmed.parties.filter(principal__isnull=True):
        _sign(sealed, actor, party)
    _sign(sealed, actor)
    mediation.seal_agreement(agreement=sealed, actor=actor, on=today)
    mediation.record_route(case=confirmed, actor=actor, kind=RouteKind.JUDICIAL_CONFIRMATION, body=d.COURT,
                           filed_on=today, note="双方当事人共同到法院申请司法确认，法院已立案审查。")  # fmt: skip


# --- guidance from the street rooms to the district ----------------------------------------

# (the cause the case is about, the street room's question, what it shares, the district's answer)
GUIDANCE = (
    ("social_insurance", "申请人入职时签了“自愿放弃缴纳社会保险”的承诺书，被申请人据此拒绝赔偿。该承诺书是否有效？"
     "调解时应如何向双方释明？", ["parties", "claims", "facts"], ""),
    ("wages", "被申请人提出分三期支付欠薪，申请人同意。协议中的履行期限最长可约定多久？", ["claims", "facts"],
     "分期履行可以约定，但应写明每期金额和日期，并约定一期不履行时剩余款项全部到期；建议引导双方在协议生效后"
     "三十日内共同申请司法确认，以便不履行时可申请强制执行。"),
)  # fmt: skip


def _guidance(demo, users) -> None:
    """Each request comes from the street mediator handling an open case about its subject."""
    cases = [
        c for c in demo.cases
        if c.kind == CaseKind.MEDIATION and c.status in ("accepted", "in_session")
        and demo.case_units[c.pk].startswith("street:") and c.handler_id
    ]  # fmt: skip
    for cause, question, scope, answer in GUIDANCE:
        case = next((c for c in cases if c.primary_cause.startswith(cause)), cases[0])
        cases.remove(case)
        referral = mediation.request_guidance(
            case=case, actor=case.handler, to_unit=demo.units["district"], question=question, scope=scope
        )
        if answer:
            mediation.answer_guidance(referral=referral, actor=users["mediator"], answer=answer)


# --- training: a mandatory course for the street rooms, and an optional one ---------------

# (title, summary, lessons as (title, text), questions as (text, choices, right index), mandatory)
COURSES = (
    ("劳动争议调解实务（基层调解员必修）", "面向街道、社区和企业调解员：受理范围、调解程序、协议制作与履行。", (
        ("调解的受理范围与期限",
         "《劳动争议调解仲裁法》第十条、第十四条：调解组织自收到申请之日起十五日内未达成协议的，当事人可以申请仲裁。"),
        ("调解会的组织与笔录", "调解会前核实当事人身份，告知权利义务；笔录记明到场人员、双方意见和调解方案。"),
        ("调解协议的制作",
         "协议写明当事人、纠纷事实、协议内容、履行方式和期限；经双方签名、调解员签名并加盖印章后生效。"),
    ), (
        ("调解组织自收到调解申请之日起多少日内未达成协议的，当事人可以申请仲裁？", ["7日", "15日", "30日", "45日"], 1),
        ("调解协议书自何时起生效？", ["调解员拟好协议时", "一方签名时", "双方签名、调解员签名并加盖印章时"], 2),
        ("用人单位不履行支付拖欠劳动报酬的调解协议，劳动者可以向法院申请什么？", ["支付令", "行政复议", "撤销协议"], 0),
    ), True),
    ("工伤待遇纠纷的调解要点", "工伤认定、劳动能力鉴定与各项待遇的计算，适合有一定经验的调解员选修。", (
        ("工伤认定与劳动能力鉴定", "未经工伤认定的，调解时应引导当事人先行申请认定，避免协议因事实不清而无效。"),
        ("一次性伤残补助金的计算", "按伤残等级和本人工资计算，本人工资低于统筹地区职工平均工资60%的，按60%计算。"),
    ), (
        ("工伤职工本人工资低于统筹地区职工平均工资60%的，按多少计算？", ["50%", "60%", "80%"], 1),
    ), False),
)  # fmt: skip


def _training(demo, users, today: date) -> None:
    admin, district = users["admin"], demo.units["district"]
    for title, summary, lessons, questions, mandatory in COURSES:
        course = training.create_course(actor=admin, owner_unit=district, title=title, summary=summary)
        for lesson_title, body in lessons:
            training.add_lesson(actor=admin, course=course, title=lesson_title, body=body)
        for text, choices, answer in questions:
            training.add_question(actor=admin, course=course, text=text, choices=choices, answer=answer)
        if mandatory:
            for street in d.STREETS:
                unit = demo.units[f"street:{street.code}"]
                training.assign_course(actor=admin, course=course, unit=unit, due_on=today + timedelta(30))
            # 鹭湖街道's mediator has begun: the first lesson read, the rest to do.
            training.view_lesson(user=users[f"{STREET}_mediator"], lesson=course.lessons.first())


# --- the filing window: questions handed over, a booking ------------------------------------

# (question, asked by the demo worker signed in, the filing officer's answer if answered)
QUESTIONS = (
    ("我在公司干了三年，老板口头说让我明天不用来了，没有书面通知，也不给补偿，我该怎么办？", True,
     "用人单位解除劳动合同应当书面通知并说明理由；无正当理由解除的，您可以主张违法解除赔偿金（每满一年支付两个月"
     "工资）。请保留考勤、工资流水、聊天记录等证据，可先到所在街道调解室申请调解，也可以自离职之日起一年内向本院"
     "申请仲裁。"),
    ("公司让我签了自愿放弃缴纳社保的声明，现在还能要求公司补缴吗？", True, ""),
    ("外卖骑手和平台没有签劳动合同，送餐时摔伤了，能申请劳动仲裁吗？", False, ""),
)  # fmt: skip


def _questions(users, worker) -> None:
    for text, from_worker, answer in QUESTIONS:
        question = hand_over_question(text=text, asker=worker if from_worker else None)
        if answer:
            answer_question(question=question, actor=users["filing"], answer=answer)
            notify_asker(question_id=question.pk)  # the job queued by the answer, run now


def _booking(demo, worker, today: date) -> None:
    """The demo worker's visit to the filing window on the first coming day with a free slot."""
    point = ServicePoint.objects.get(unit=demo.units["district"], kind=PointKind.FILING_WINDOW)
    day, free = today, []
    while not free:
        day += timedelta(days=1)
        free = [slot for slot in slots_for(point=point, day=day) if slot.free]
    book(point=point, user=worker, day=day, slot=free[0].start.time(), name=worker.full_name,
         phone=d.WORKER["phone"], purpose="递交仲裁申请书原件和工资条等证据材料")  # fmt: skip


# --- the demo worker's online application -----------------------------------------------------


def _online_application(demo, worker, today: date) -> None:
    id_number = d.WORKER["id_first17"] + id_check_digit(d.WORKER["id_first17"])
    draft = application.current_draft(user=worker)
    steps = {
        "applicant": ApplicantForm({"name": d.WORKER["name"], "id_number": id_number, "phone": d.WORKER["phone"],
                                    "address": "滨海市鹭湖区湖滨北路12号"}),
        "employer": EmployerForm({"name": "滨海顺达快递服务有限公司", "address": "滨海市鹭湖区物流园路9号",
                                  "legal_representative": "周顺达", "industry": "G", "employer_type": "private"}),
        "facts": FactsForm({"street": demo.units[f"street:{STREET}"].pk, "started_on": today - timedelta(800),
                            "ended_on": today - timedelta(40), "monthly_wage": "6500",
                            "facts": "我在公司做分拣员，最后两个月的工资一直没发，多次找主管讨要，都说等回款再发。"}),
    }  # fmt: skip
    for step, form in steps.items():
        if not form.is_valid():  # the wizard's own forms, as its pages bind them
            raise ValueError(form.errors.as_text())
        application.save_step(draft=draft, step=step, answers=form.cleaned_data)
    claims = [{"cause": "wages.unpaid", "description": "支付拖欠的两个月工资", "amount": Decimal("13000.00")}]
    application.save_step(draft=draft, step="claims", answers=claims)
    application.save_step(draft=draft, step="evidence", answers={"count": 0})
    request_sms_code(phone=d.WORKER["phone"], purpose=SmsCodePurpose.VERIFY)
    code = DemoPhone.inbox[-1]["params"]["code"]
    card = id_card_png(name=d.WORKER["name"], number=id_number)
    # First try: the upload broke off on a poor connection; the header is whole, the picture not.
    # Then the whole photo: the phone code confirmed minutes before still holds.
    for photo, sms_code in ((card[: len(card) // 3], code), (card, "")):
        upload = SimpleUploadedFile("身份证.png", photo)
        done = submission.start_submission(
            draft=draft, user=worker, kind=CaseKind.ARBITRATION, photo=upload, sms_code=sms_code
        )
        submission.run_submission(submission_id=done.pk)  # the job it queued, run now
    case = Case.objects.get(online_application__user=worker)
    demo.cases.append(case)
    demo.case_units[case.pk] = "district"
    demo.party_cases.setdefault(d.WORKER["phone"], set()).add(case.pk)
