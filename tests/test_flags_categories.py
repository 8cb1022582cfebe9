"""QA flags, rounds 7-8: each kind of escalation in the many words people use for it (threats above
the seller, hazards described by what happened, goods shown not to be new, insults, despair,
failures that keep coming back) — and the look-alikes that must stay quiet."""

from __future__ import annotations

import pytest

from voc.flags import FlagDetector

# Sentences written for these tests.
ESCALATE = [
    # escalation above the seller or into the open
    ("再拖下去我就去你们门店门口拉横幅", "升级威胁"),
    ("情况已经反映到品牌总部了", "升级威胁"),
    ("再不退款我就让银行拒付", "升级威胁"),
    ("月底前修不好，我们将解除合同并追究违约责任", "升级威胁"),
    ("已向市场监督管理局提交了材料", "升级威胁"),
    ("这事我会发到知乎上让大家评评理", "升级威胁"),
    ("我已经录音录像保留证据了", "升级威胁"),
    ("这事没完，咱们走着瞧", "升级威胁"),
    ("已经去派出所报案了", "升级威胁"),
    ("给你们董事长写了信", "升级威胁"),
    ("要求索赔全部损失", "升级威胁"),
    ("希望平台严查这种商家", "升级威胁"),
    ("给你们两天时间把货换了", "升级威胁"),
    ("明天我就去你们门店讨个说法", "升级威胁"),
    ("只好寻求媒体的帮助", "升级威胁"),
    ("快递员威胁我说不签收就拉黑", "商家不当行为"),
    ("商家把我的电话和地址挂出去了", "商家不当行为"),
    ("店家天天打电话逼我改差评", "商家不当行为"),
    ("假一赔十，你们自己看着办", "升级威胁"),
    ("按消费者权益保护法你们得赔", "升级威胁"),
    # hazards said by what happened
    ("摸到冰箱门把手麻了一下", "安全隐患"),
    ("厨房里一股臭鸡蛋味，关了阀门还有", "安全隐患"),
    ("插座那里冒火星，墙都熏黑了", "安全隐患"),
    ("充电宝鼓起来了，后盖都顶开了", "安全隐患"),
    ("电梯门没关严就往上走，差点夹到老人", "安全隐患"),
    ("维修的人把防护罩拆了没装回去", "安全隐患"),
    ("叉车刹不住，直接撞到货架上", "安全隐患"),
    ("吃了以后上吐下泻，半夜去了急诊", "安全隐患"),
    ("热水器的玻璃面板突然自己爆了", "安全隐患"),
    ("电线都露在外面，铜丝看得见", "安全隐患"),
    ("孩子误吞了掉下来的小零件", "安全隐患"),
    ("外机支架锈成这样，迟早掉下去砸到人", "安全隐患"),
    # goods shown not to be new or not genuine
    ("扫码发现保修卡去年就已经激活过了", "欺诈指控"),
    ("防伪码一扫显示已经被查询过5次", "欺诈指控"),
    ("生产日期被刮掉重新贴了一张", "欺诈指控"),
    ("店员把展示机重新装盒卖给我", "欺诈指控"),
    ("打官方电话核实，人家说不是他们的货", "欺诈指控"),
    ("串号和盒子上的对不上", "欺诈指控"),
    ("手机里还有别人的照片和微信", "欺诈指控"),
    ("三无产品，连个厂名都没有", "欺诈指控"),
    ("盒子封口是透明胶，该不会是退货回来的吧", "欺诈指控"),
    # insults, despair
    ("那个师傅就是个二百五", "辱骂"),
    ("客服脑子是摆设吗", "辱骂"),
    ("你们都是一群饭桶", "辱骂"),
    ("我真的崩溃了，等了一个月还装不上", "强烈不满"),
    ("气得我手都在抖", "强烈不满"),
    ("诅咒你们早日倒闭", "强烈不满"),
    ("婚礼的照片全没了，一辈子就一次，你们赔得起吗", "强烈不满"),
    # failures that keep coming back
    ("换了台新的，跟旧的一个德行", "反复故障"),
    ("这已经是第三次漏水了", "反复故障"),
    ("修好没两周又不出热水了", "反复故障"),
    ("修了等于没修", "反复故障"),
    ("三番五次上门都没解决", "反复故障"),
]

NOT_ESCALATE = [
    "本来想拉横幅的，后来店长出面解决了",
    "三包期内免费换了新机，很满意",
    "110平的房子装了两台空调刚好",
    "很不错，就是收了110的材料费",
    "警察叔叔帮我找回了包",
    "玻璃杯很厚实，不会炸裂",
    "包装上有防误吞提示，很贴心",
    "冰淇淋到的时候已经化掉了",
    "差点就买贵了，幸好有券",
    "我们没有保留证据的习惯",
    "激活码就在盒子里",
    "我真是个傻子，没看清尺码",
    "感动得哭了，师傅太好了",
    "第二次入住了，依然满意",
    "修好之后又快又好用",
    "苹果切开有个黑心的，其他都好",
    "打印机纸盒的卡扣断了，塑料太脆",
    "系统崩溃了一次，重装就好了",
    "有点担心是不是二手的，看了出厂日期放心了",
    "应该不会是假的，包装很正规",
    "商家从不骚扰顾客，也没有泄露信息",
    "半夜接到骚扰电话，不过跟酒店无关",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_category_cues_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, text
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_category_look_alikes_stay_quiet(flagger: FlagDetector, text: str) -> None:
    result = flagger.flag(text)
    assert not result.escalate, (text, result.reasons)


# Every cue word the issue names, and the plain ones that sit beside them in the cue lists: a
# malformed edit of the cue file (a comment swallowing the rest of a line) must not silence any.
NAMED_CUES = [
    ("商家不处理，我已经投诉了", "升级威胁"),
    ("再不解决就打12315", "升级威胁"),
    ("明天就去消协", "升级威胁"),
    ("准备找媒体曝光", "升级威胁"),
    ("我已经请了律师", "升级威胁"),
    ("下周去法院起诉你们", "升级威胁"),
    ("不给退款就给差评", "升级威胁"),
    ("已经举报到平台了", "升级威胁"),
    ("我报警了", "升级威胁"),
    ("我会一直维权", "升级威胁"),
    ("在黑猫上发了帖", "升级威胁"),
    ("申请了劳动仲裁那样的仲裁", "升级威胁"),
    ("热水器漏电", "安全隐患"),
    ("插座起火了", "安全隐患"),
    ("电机冒烟", "安全隐患"),
    ("锅炉差点爆炸", "安全隐患"),
    ("蒸汽把手烫伤了", "安全隐患"),
    ("被商家骗了", "欺诈指控"),
    ("收到的是假货", "欺诈指控"),
    ("卖给我的是翻新机", "欺诈指控"),
]


@pytest.mark.parametrize(("text", "reason"), NAMED_CUES)
def test_named_cue_words_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, (text, result.reasons)
    assert any(r.startswith(reason) for r in result.reasons), result.reasons
