"""Pain points: families of phrasings the detector generalises over, and the look-alikes it leaves alone.

Every sentence was written for these tests (not taken from a labelled set): each line stands for a
family of ways customers put a complaint, so a change that breaks one breaks a family.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voc.errors import ConfigError
from voc.painpoints import PainPointDetector, load_taxonomy
from voc.painpoints._prefilter import PatternScreen, WordIndex, required_literals
from voc.text import preprocess


@pytest.fixture(scope="module")
def detector() -> PainPointDetector:
    return PainPointDetector()


FAMILIES = [
    # a visit that is late or slow, waits to a named day, waits nobody ends
    ("师傅来得太晚了", ["response_delay"]),
    ("说好九点到，十一点才来", ["response_delay"]),
    ("要等到下周三才有人上门", ["response_delay"]),
    ("上门时间一改再改", ["response_delay"]),
    ("前前后后耗了二十多天", ["response_delay"]),
    ("报修五天了仍无人上门", ["response_delay"]),
    # could not work it out, repairs that do not hold, lack of skill
    ("来了三个师傅都没弄明白", ["misdiagnosis"]),
    ("修了四回还是不行", ["misdiagnosis"]),
    ("换完主板照样死机", ["misdiagnosis"]),
    ("刚修好没几天又不制冷了", ["misdiagnosis"]),
    ("维修师傅经验不足", ["misdiagnosis"]),
    ("故障原因到现在也查不出来", ["misdiagnosis"]),
    # stock words, parts sent for, consumables nobody sells
    ("维修站备件库存不足", ["parts_supply"]),
    ("要从厂家调配件，等了十天", ["parts_supply"]),
    ("网点没有这个型号的电机", ["parts_supply"]),
    ("滤芯根本买不到", ["parts_supply"]),
    # harsh words, blame shifted, grumbling, sent off to someone else
    ("接电话的小姑娘好凶", ["staff_attitude"]),
    ("说话阴阳怪气，一点都不客气", ["staff_attitude"]),
    ("出了问题就推到我身上", ["staff_attitude"]),
    ("师傅一直抱怨活太多", ["staff_attitude"]),
    ("客服让我自己去找厂家", ["staff_attitude"]),
    # contradictory answers, no warning before a visit, unanswered phones, canned replies
    ("售后和门店说的是两回事", ["communication"]),
    ("上门也不提前打个招呼", ["communication"]),
    ("打了七八次电话都没人接", ["communication"]),
    ("在线客服只有自动回复", ["communication"]),
    ("留言三天后才回", ["communication"]),
    ("问什么时候能修好也不说", ["communication"]),
    ("连个电话都没有", ["communication"]),
    # named fees, money on the spot, receipts refused, shifting prices, warranty refused
    ("管路费收了两百", ["charges"]),
    ("额外收了一百块辅材费", ["charges"]),
    ("维修报价一会儿一个价", ["charges"]),
    ("收了钱连收据都不给", ["charges"]),
    ("过保一天就不给修了", ["charges"]),
    ("延保买了等于白买", ["charges"]),
    # parts left out, crooked or loose after fitting, damage and mess while fitting
    ("没装接地线", ["installation"]),
    ("装完柜门是歪的", ["installation"]),
    ("打孔的时候把瓷砖磕坏了", ["installation"]),
    ("装完现场一片狼藉", ["installation"]),
    ("预约安装太难了", ["installation"]),
    # parcels stuck, damage in transit, left downstairs, late dispatch
    ("包裹在中转站躺了五天", ["logistics"]),
    ("快递三天了还没动", ["logistics"]),
    ("东西都被压扁了", ["logistics"]),
    ("快递员把东西扔在楼下就走了", ["logistics"]),
    ("才给发货，太慢了", ["logistics"]),
    # refunds that do not arrive, refusals, repeated exchanges
    ("退个货跟求人一样", ["returns_refund"]),
    ("退款申请提交十天了还没到账", ["returns_refund"]),
    ("商家拒收退回的包裹", ["returns_refund"]),
    ("就是不想给退", ["returns_refund"]),
    ("换货换了三次", ["returns_refund"]),
    # faults that show themselves, fault sounds, missing accessories, pests
    ("一碰就断", ["product_quality"]),
    ("开着开着就自动关机", ["product_quality"]),
    ("冰箱冷冻室老是结霜", ["product_quality"]),
    ("屏幕上出现一条竖线", ["product_quality"]),
    ("洗衣机脱水时咔咔响", ["product_quality"]),
    ("少了一个遥控器", ["product_quality"]),
    ("房间里有蟑螂", ["product_quality"]),
]

# Praise, negated or resolved problems, other people's experience, understanding, look-alikes.
HARD_NEGATIVES = [
    "听说这家售后很慢，我遇到的还挺快",
    "别家都要收上门费，这家不收",
    "以前用的那个牌子老坏，这个很耐用",
    "外包装没有任何破损",
    "一点问题都没有",
    "用了两年了都没坏",
    "有问题可以直接找师傅",
    "之前的异响已经没有了",
    "没有收任何额外的费用",
    "扫地机器人很聪明",
    "晚了半小时，不过提前打了电话，可以理解",
    "希望继续保持",
    "这款屏幕最大的亮点是色彩",
    "安装师傅说位置不合适，帮我换了个地方",
    "从报修到修好只用了一天",
    "找售后说保修五年",
    "这个音响声音很大，效果很好",
    "没有想象中那么吵",
]


@pytest.mark.parametrize(("text", "codes"), FAMILIES)
def test_families_of_phrasings_are_found(
    detector: PainPointDetector, text: str, codes: list[str]
) -> None:
    assert detector.codes(text) == codes


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_stay_clean(detector: PainPointDetector, text: str) -> None:
    assert detector.codes(text) == []


def test_hearsay_clause_is_skipped_but_the_writers_own_complaint_counts(
    detector: PainPointDetector,
) -> None:
    assert detector.codes("听说他们家物流很慢") == []
    assert detector.codes("听说售后很慢，我的洗衣机也修了一个月") == ["response_delay"]
    # compared with another shop, the price is this shop's problem
    assert detector.codes("价格比别家贵一百") == ["charges"]


def test_understanding_cancels_only_the_complaints_before_it(detector: PainPointDetector) -> None:
    assert detector.codes("物流慢了两天，可以理解") == []
    assert detector.codes("物流慢了两天，这个不能理解") == ["logistics"]
    # a concession still counts: "虽然有些贵，但…" complains about the price
    assert detector.codes("虽然有些贵，但送货上门很方便") == ["charges"]


def test_suggestion_to_keep_things_as_they_are_is_not_a_complaint(
    detector: PainPointDetector,
) -> None:
    assert detector.codes("希望客服继续保持热情") == []
    assert detector.codes("希望客服态度能好一点") == ["staff_attitude"]


def test_suggestion_names_the_aspect_it_asks_to_improve(detector: PainPointDetector) -> None:
    # the aspect after the improve word, read with the clause's other aspects
    assert detector.codes("建议及时告知维修进度") == ["communication"]
    assert detector.codes("希望安装师傅能准时上门") == ["installation"]
    assert detector.codes("希望上门能快一点") == ["response_delay"]


def test_why_not_questions_press_a_complaint(detector: PainPointDetector) -> None:
    assert detector.codes("为什么每次打电话说法都不一样？") == ["communication"]
    assert detector.codes("这么大的公司连个配件都没有？") == ["parts_supply"]
    assert detector.codes("什么时候能送到？") == []


def test_fault_caused_by_fitting_or_repair_in_the_same_clause_is_that_problem(
    detector: PainPointDetector,
) -> None:
    assert detector.codes("安装的时候把排水管弄断了") == ["installation"]
    assert detector.codes("修完没两天又漏水了") == ["misdiagnosis"]
    # in another clause of the sentence the fault still counts
    assert detector.codes("热水器漏水，师傅说是安装时没拧紧") == ["installation", "product_quality"]


def test_wait_for_an_installer_is_installation(detector: PainPointDetector) -> None:
    assert detector.codes("约了安装，等了五天都没人来") == ["installation"]


def test_placeholders_many_and_very_expand(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        """
version = 1
[[painpoint]]
code = "calls"
name_zh = "电话"
name_en = "Calls"
description = "Too many calls."
dimension = "沟通"
patterns = ['打了{many}次电话', '电话{very}难打']
""",
        encoding="utf-8",
    )
    det = PainPointDetector(str(path))
    assert det.codes("打了十几次电话") == ["calls"]
    assert det.codes("电话贼难打") == ["calls"]
    assert det.codes("打了两次电话") == []


def test_clause_yields_to_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        """
version = 1
[[painpoint]]
code = "a"
name_zh = "甲"
name_en = "A"
description = "A."
dimension = "甲"
patterns = ['坏']
clause_yields_to = ["nope"]
""",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="clause_yields_to.*nope"):
        load_taxonomy(path)


@pytest.mark.parametrize("field", ["elsewhere", "rhetorical_pattern"])
def test_regex_cues_report_bad_patterns(tmp_path: Path, field: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        f"""
version = 1
[cues]
{field} = '(听说'
[[painpoint]]
code = "a"
name_zh = "甲"
name_en = "A"
description = "A."
dimension = "甲"
patterns = ['坏']
""",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=field):
        load_taxonomy(path)


def test_required_literals() -> None:
    assert required_literals(re.compile("等(配件|零件)")) in ({"等"}, {"配件", "零件"})
    assert required_literals(re.compile("(维修|修理)(太|很)?慢")) == {"慢"}
    assert required_literals(re.compile("[^,]{0,3}(慢)?")) is None
    # each alternative needs one of its own strings
    assert required_literals(re.compile("(a|.b)")) == {"a", "b"}
    assert required_literals(re.compile("(a|.*)")) is None
    assert required_literals(re.compile("x{2,}y")) in ({"x"}, {"y"})
    assert required_literals(re.compile("(?i)abc")) is None


def test_pattern_screen_never_hides_a_match() -> None:
    # every default pattern, every clause of the test sentences: a pattern that matches is a candidate
    patterns = [p for code in load_taxonomy().codes for p in code.patterns]
    screen = PatternScreen(patterns)
    texts = [t for t, _ in FAMILIES] + HARD_NEGATIVES
    for text in texts:
        for clause in preprocess(text).clauses:
            low = clause.text.lower()
            matching = {i for i, p in enumerate(patterns) if p.search(low)}
            assert matching <= set(screen.candidates(low)), clause.text


def test_word_index_keeps_the_given_order() -> None:
    index = WordIndex(["慢", "太慢", "Slow", "久"])
    assert index.present("太慢了") == ["慢", "太慢"]
    assert index.present("too slow") == ["Slow"]
    assert index.present("很好") == []
