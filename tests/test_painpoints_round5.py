"""Pain points, round 5: how angry, hazard, fraud and repeated-failure stories name their problem
(the escalation-rich written dev set), and look-alikes that must stay quiet.

Every sentence was written for these tests (none is taken from a labelled set).
"""

from __future__ import annotations

import pytest

from voc.painpoints import PainPointDetector


@pytest.fixture(scope="module")
def detector() -> PainPointDetector:
    return PainPointDetector()


FOUND = [
    # product_quality: hazards
    ("电热水壶外壳一摸就有电流感", "product_quality"),
    ("充了一晚上电，平板的后盖被顶开了", "product_quality"),
    ("插座刚插上就冒火花，吓死人", "product_quality"),
    ("吹风机用着用着冒出火苗", "product_quality"),
    ("高压锅的玻璃盖子突然爆裂了", "product_quality"),
    ("孩子的手指被柜门夹出血了", "product_quality"),
    ("新买的自行车下坡刹不住", "product_quality"),
    # product_quality: used, resold or fake goods, food defects, the same fault on every unit
    ("到手的鞋子鞋底有明显磨过的痕迹", "product_quality"),
    ("收到的手机序列号显示半年前就激活过", "product_quality"),
    ("拆开发现是展示机，里面还有演示模式", "product_quality"),
    ("包装上的logo都印歪了", "product_quality"),
    ("面包里吃出一根头发", "product_quality"),
    ("月饼长了绿毛", "product_quality"),
    ("两台都是一样漏水，一个德行", "product_quality"),
    ("充电器用的时候烫烫的", "product_quality"),
    # staff_attitude
    ("客服就是个废物", "staff_attitude"),
    ("一个问题被踢了三个部门", "staff_attitude"),
    ("问了半天只回了一句稍等", "staff_attitude"),
    ("跟商家说了好几次没人搭理", "staff_attitude"),
    ("师傅在我家门口抽了好几根烟", "staff_attitude"),
    # communication
    ("客服一直说在核实，核实了五天", "communication"),
    ("下单前一个字都没提要另外收费", "communication"),
    ("别拿系统升级来搪塞我", "communication"),
    ("问了三个人三个答案", "communication"),
    ("买的时候说好送货上门包安装，结果没有", "communication"),
    ("配送时间头天晚上才通知", "communication"),
    # installation
    ("支架就拧了两颗螺丝", "installation"),
    ("师傅拆下来的挡板没装回去", "installation"),
    ("安装完没给做任何操作培训", "installation"),
    ("带电作业，太不规范了", "installation"),
    # misdiagnosis
    ("换了风扇还是没用，照样没用", "misdiagnosis"),
    ("修好没几天又坏，来回修了三次", "misdiagnosis"),
    ("师傅对这种机型不太熟，翻了半天说明书", "misdiagnosis"),
    # charges
    ("补个漆收了我六百多", "charges"),
    ("比市场价贵了好几倍", "charges"),
    ("结账变成了原来的两倍", "charges"),
    ("发票拖了半个月才寄到", "charges"),
    # logistics
    ("快递员把冰箱往楼下一放就走了", "logistics"),
    ("东西都是扔过来的", "logistics"),
    ("泡沫就薄薄一层", "logistics"),
    ("付了款一直不发货", "logistics"),
    # returns_refund
    ("换货的那台到现在还没发出来", "returns_refund"),
    ("定金到现在还不退", "returns_refund"),
    # response_delay
    ("再这样拖下去我只能找律师了", "response_delay"),
    ("维修师傅修得也太慢了", "response_delay"),
]


@pytest.mark.parametrize(("text", "code"), FOUND)
def test_round5_phrasings(detector: PainPointDetector, text: str, code: str) -> None:
    assert code in detector.codes(text)


# Look-alikes: (text, a code it must not get).
NOT_FOUND = [
    ("这个音箱声音很大，音效不错", "product_quality"),
    ("充电器用着一点都不烫", "product_quality"),
    ("送货师傅第二天就到了，很准时", "logistics"),
    ("退个货跟求人似的", "staff_attitude"),
    ("不值得买，内容太空", "charges"),
    ("电视放了几天淡多了", "response_delay"),
    ("师傅上门时间改来改去，真是烦人", "response_delay"),
    ("我朋友在那边修手机被坑了，这次来官方很放心", "charges"),
    ("说明书上写的是保修三年，师傅也认可", "communication"),
    ("香蕉放了两天就熟了，很甜", "product_quality"),
    ("快递到了以后郁闷死了", "product_quality"),
    ("bios的设置基本等于废物", "staff_attitude"),
    ("帮我登记完就说两小时内联系我，结果半小时就回电了", "communication"),
    ("发票拖了半个月才寄到", "response_delay"),
    ("刚买第二天就降价了", "product_quality"),
]


@pytest.mark.parametrize(("text", "code"), NOT_FOUND)
def test_round5_look_alikes(detector: PainPointDetector, text: str, code: str) -> None:
    assert code not in detector.codes(text)


def test_round5_quiet_comments(detector: PainPointDetector) -> None:
    assert detector.codes("这个音箱声音很大，音效不错") == []
    assert detector.codes("送货师傅第二天就到了，很准时") == []
    assert detector.codes("香蕉放了两天就熟了，很甜") == []
