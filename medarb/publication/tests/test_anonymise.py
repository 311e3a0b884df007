"""Anonymisation removes every name, ID number, phone, bank account and address (property test)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medarb.publication.anonymise import anonymise, mask_organisation, mask_person, person_masks

SURNAMES = [
    *"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
    "欧阳",
    "司马",
    "诸葛",
    "上官",
]
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰春梅海燕文波辉斌宇浩凯鹏飞"
PROVINCES = ["广东省", "浙江省", "江苏省", "四川省", "湖北省", "河南省"]
CITIES = ["深圳市", "杭州市", "南京市", "成都市", "武汉市", "郑州市"]
DISTRICTS = ["南山区", "西湖区", "鼓楼区", "武侯区", "江汉区", "金水区", "宝安区"]
ROADS = ["科技园路", "文三路", "中山北路", "人民南路", "解放大道", "花园街", "建设巷"]
FILLER = "申请人于2020年1月入职被申请人处，月工资6000元，双方签订了劳动合同。被申请人拖欠工资三个月，申请人主张支付加班费10000元。"

names = st.builds(
    lambda s, g: s + g,
    st.sampled_from(SURNAMES),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)


@st.composite
def id_numbers(draw) -> str:
    region = draw(st.integers(110000, 659999))
    year, month, day = draw(st.integers(1950, 2008)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    serial = draw(st.integers(0, 999))
    check = draw(st.sampled_from("0123456789X"))
    return f"{region}{year}{month:02d}{day:02d}{serial:03d}{check}"


mobiles = st.builds(lambda p, n: f"1{p}{n:09d}", st.sampled_from("3456789"), st.integers(0, 999_999_999))


@st.composite
def bank_cards(draw) -> str:
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=16, max_size=19)))
    if draw(st.booleans()):  # as printed on the card: groups of four
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return digits


@st.composite
def addresses(draw) -> str:
    parts = [
        draw(st.sampled_from(PROVINCES)),
        draw(st.sampled_from(CITIES)),
        draw(st.sampled_from(DISTRICTS)),
    ]
    parts.append(draw(st.sampled_from(ROADS)) + f"{draw(st.integers(1, 999))}号")
    if draw(st.booleans()):
        parts.append(f"{draw(st.integers(1, 30))}栋{draw(st.integers(101, 3205))}室")
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(names, min_size=1, max_size=4, unique=True),
    ids=st.lists(id_numbers(), min_size=1, max_size=2),
    phones=st.lists(mobiles, min_size=1, max_size=2),
    cards=st.lists(bank_cards(), min_size=1, max_size=2),
    places=st.lists(addresses(), min_size=1, max_size=2),
    known_addresses=st.booleans(),
)
def test_no_name_id_phone_card_or_address_survives(people, ids, phones, cards, places, known_addresses):
    sentences = [
        f"申请人{p}，身份证号{i}，电话{m}，住{a}。"
        for p, i, m, a in zip(people, ids * 4, phones * 4, places * 4, strict=False)
    ]
    text = (
        FILLER
        + "".join(sentences)
        + f"工资通过银行卡{cards[0]}发放，另一账户{cards[-1]}。"
        + f"{people[0]}称其加班。"
    )
    # The addresses come from the parties (known) or only from the text itself (caught by pattern).
    result = anonymise(text, people=people, addresses=places if known_addresses else [])
    for secret in [*ids, *phones, *cards, *places]:
        assert secret not in result
    for name in people:
        assert name not in result
        assert mask_person(name) in result
    digits = "".join(c for c in result if c.isdigit())
    for number in [*ids, *phones, *(c.replace(" ", "") for c in cards)]:
        assert number not in digits  # not even split up by the masking
    assert "月工资6000元" in result and "加班费10000元" in result  # amounts and dates stay


def test_surname_and_compound_surname():
    assert mask_person("张三丰") == "张某"
    assert mask_person("欧阳娜娜") == "欧阳某"


def test_people_sharing_a_surname_are_told_apart():
    assert person_masks(["张伟", "张敏", "李强"]) == {"张伟": "张某甲", "张敏": "张某乙", "李强": "李某"}


def test_enterprises_keep_their_names_unless_hidden():
    text = "申请人与深圳市某某科技有限公司、鹭湖电子厂发生争议。"
    assert anonymise(text) == text
    hidden = anonymise(text, hidden_organisations=["深圳市某某科技有限公司"])
    assert "深圳市某某科技有限公司" not in hidden and "某公司" in hidden and "鹭湖电子厂" in hidden
    assert mask_organisation("鹭湖电子厂") == "某厂"


def test_place_names_without_a_street_stay():
    text = "本案由深圳市南山区劳动人事争议仲裁委员会受理。"
    assert anonymise(text) == text
