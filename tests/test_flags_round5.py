"""QA flags, round 5: failed fixes said without counts, signs of use on "new" goods, hazards said as
fears, liability demands, contempt for staff — and the look-alikes that must stay quiet."""

from __future__ import annotations

import pytest

from voc.flags import FlagDetector

# Sentences written for these tests.
ESCALATE = [
    # a fix that did not hold, with attempts counted or the replacement failing too
    ("空调加了两次氟还是不凉", "反复故障"),
    ("师傅上门跑了三趟，洗衣机照样不排水", "反复故障"),
    ("寄回来的新机器，用了一天又是坏的", "反复故障"),
    ("换的那台还是同样的毛病，一开机就死机", "反复故障"),
    ("主板换完还是不开机", "反复故障"),
    ("换了压缩机还是不制冷", "反复故障"),
    # used, returned or doubtful "new" goods
    ("镜头上有明显的使用痕迹", "欺诈指控"),
    ("这双鞋明显被人穿过", "欺诈指控"),
    ("怀疑是别人退回来的又卖给我", "欺诈指控"),
    ("你跟我说这是全新的？", "欺诈指控"),
    ("相机快门数都已经三千多了", "欺诈指控"),
    ("包装盒上的防伪标签被撕掉了", "欺诈指控"),
    ("参数写的是一级能效，实际根本不是，这不是误导消费者吗", "欺诈指控"),
    # hazards as fears and problems; foreign bodies in what is eaten
    ("插座一直发烫，真怕哪天着火", "安全隐患"),
    ("这个护栏装得不牢，是很大的安全问题", "安全隐患"),
    ("宝宝的米粉里发现了玻璃渣", "安全隐患"),
    # holding the company liable, demanding a formal answer
    ("装修师傅把地暖管打破了，你们公司必须负责", "追究责任"),
    ("热水器装得歪歪斜斜，万一掉下来谁负责？", "追究责任"),
    ("请给我一个合理的解释", "追究责任"),
    ("客户要求厂家检测并给予答复", "追究责任"),
    # contempt aimed at staff
    ("你们售后是干什么吃的", "辱骂"),
    ("这是人说的话吗", "辱骂"),
    ("一会儿说有货一会儿说没货，耍我玩呢", "辱骂"),
]

NOT_ESCALATE = [
    "换了新的以后一直没有再出过问题",
    "第二台用着还是不错的",
    "换了房间还是一样吵",
    "箱子完好，没有任何使用痕迹",
    "不是别人用过的，放心",
    "有没有人试过接在冰箱上？",
    "本来担心会漏电，用了半年一切正常",
    "不存在安全问题，装得很牢",
    "我上当当买书很多年了",
    "空调里好像有异物在响",
    "安装师傅很负责，帮我把旧机搬下楼",
    "不用给我解释了，退款就行",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_round5_cues_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, text
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_round5_look_alikes_stay_quiet(flagger: FlagDetector, text: str) -> None:
    result = flagger.flag(text)
    assert not result.escalate, (text, result.reasons)
