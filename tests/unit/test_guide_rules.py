"""Unit tests of shopper.guide: every element passes a clean guide and fails a faulty one,
including the edge cases GUIDE_RULES.md names."""
from __future__ import annotations

import copy
import io
import zipfile

import pytest

from shopper.guide import (ELEMENT_IDS, FAIL, PASS, REVIEW, GuideResult, check_guide,
                                 guide_rectification, normalise_labels, parse_impl_code, sniff_kind,
                                 uscc_check_digit, valid_uscc)

USCC = "91350100M000100Y43"           # a known valid 统一社会信用代码 (check character 3)


def clean_guide() -> dict:
    """A complete guide that satisfies every rule (written here, not read from the catalogue)."""
    return {
        "item_id": "rst-099", "name": "失业保险金申领", "url": "http://zwfw.localhost/item/rst-099",
        "impl_code": USCC + "1" + "050200300100",
        "事项类型": "行政给付", "事项类型代码": "05", "办件类型": "承诺件",
        "法定办结时限": "20个工作日", "承诺办结时限": "10个工作日", "承诺办结时限_label": "承诺办理时限",
        "到现场次数": "1", "到现场次数说明": "需本人到窗口核验身份并签字确认", "网办深度": "III",
        "特殊环节": "无",
        "windows": [
            {"name": "省人社厅政务服务窗口", "地址": "临州市澜江大道88号江澜省政务服务中心2楼15号窗口",
             "办理时间": "周一至周五 09:00-12:00 13:30-17:00（法定节假日除外）",
             "咨询电话": "0575-87051234"},
            {"name": "省社会保险服务中心服务大厅", "地址": "临州市文昌街66号省社会保险服务中心2楼服务大厅8号窗口",
             "办理时间": "星期一至星期五 上午08:30-12:00，下午14:00-17:30", "咨询电话": "0575-87052333"},
        ],
        "materials": [
            {"名称": "居民身份证", "来源": "政府部门核发", "出具单位": "公安机关", "份数": "原件1份",
             "介质": "纸质/电子化", "必要性": "必要", "is_form": False, "blank": None, "sample": None},
            {"名称": "失业保险金申领登记表", "来源": "申请人自备", "出具单位": "", "份数": "原件1份",
             "介质": "纸质/电子化", "必要性": "必要", "is_form": True,
             "blank": "rst-099-blank.xlsx", "sample": "rst-099-sample.xlsx"},
            {"名称": "本人银行借记卡", "来源": "其他", "出具单位": "商业银行", "份数": "复印件1份",
             "介质": "纸质", "必要性": "必要", "is_form": False, "blank": None, "sample": None},
        ],
        "流程": [
            {"环节": "受理", "时限": "1个工作日", "办理人": "窗口工作人员"},
            {"环节": "审查", "时限": "7个工作日", "办理人": "业务处室审核人员"},
            {"环节": "决定", "时限": "1个工作日", "办理人": "分管负责人"},
            {"环节": "办结", "时限": "1个工作日", "办理人": "窗口工作人员"},
        ],
        "收费": "不收费", "设定依据": "《中华人民共和国社会保险法》第四十五条",
    }


def _set(**kw):
    def f(g):
        g.update(kw)
    return f


def _win(i, **kw):
    def f(g):
        g["windows"][i].update(kw)
    return f


def _mat(i, **kw):
    def f(g):
        g["materials"][i].update(kw)
    return f


def _step(i, **kw):
    def f(g):
        g["流程"][i].update(kw)
    return f


def _chain(*fns):
    def f(g):
        for fn in fns:
            fn(g)
    return f


def _add_mat(**kw):
    def f(g):
        m = {"名称": "x", "来源": "申请人自备", "出具单位": "", "份数": "原件1份", "介质": "纸质",
             "必要性": "必要", "is_form": False, "blank": None, "sample": None}
        m.update(kw)
        g["materials"].append(m)
    return f


_FORM = 1   # index of the 申请表 in clean_guide()
_OK_DL = [
    {"url": "http://zwfw.localhost/download/rst-099/2/blank", "status": 200,
     "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "size": 4800, "kind": "xlsx"},
    {"url": "http://zwfw.localhost/download/rst-099/2/sample", "status": 200,
     "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "size": 4900, "kind": "xlsx"},
]


def _downloads(blank=None, sample=None):
    """Downloads info on the form material; blank/sample override fields of the good rows."""
    def f(g):
        rows = copy.deepcopy(_OK_DL)
        if blank is not None:
            rows[0].update(blank)
        if sample is not None:
            rows[1].update(sample)
        mat = g["materials"][_FORM]
        mat["blank_url"], mat["sample_url"] = rows[0]["url"], rows[1]["url"]
        mat["downloads"] = [r for r in rows if r.get("status") != "absent"]
    return f


# (element, case id, mutation, expected: True 合格 / False 不合格 / "复核" 需人工复核)
CASES = [
    # E1-1 法定办结时限
    ("E1-1", "working days", _set(法定办结时限="20个工作日"), True),
    ("E1-1", "natural days no 个", _set(法定办结时限="60自然日"), True),
    ("E1-1", "full-width digits", _set(法定办结时限="２０个工作日"), True),
    ("E1-1", "bare 天", _set(法定办结时限="10天"), False),
    ("E1-1", "bare 日", _set(法定办结时限="10日"), False),
    ("E1-1", "bare 个月", _set(法定办结时限="3个月"), False),
    ("E1-1", "missing", _set(法定办结时限=""), False),
    ("E1-1", "即办 as the legal limit is for a person", _set(法定办结时限="即办"), "复核"),
    ("E1-1", "a note after the limit", _set(法定办结时限="20个工作日（不含专家评审时间）"), True),
    ("E1-1", "自受理之日起", _set(法定办结时限="自受理之日起20个工作日"), True),
    ("E1-1", "Chinese numeral", _set(法定办结时限="二十个工作日"), True),
    # E1-2 承诺办结时限
    ("E1-2", "shorter than legal", _set(承诺办结时限="10个工作日"), True),
    ("E1-2", "equal to legal", _set(承诺办结时限="20个工作日"), True),
    ("E1-2", "longer than legal, same unit", _set(承诺办结时限="30个工作日"), False),
    ("E1-2", "different units are not compared", _set(法定办结时限="20个自然日", 承诺办结时限="25个工作日"), True),
    ("E1-2", "bare 天", _set(承诺办结时限="15天"), False),
    ("E1-2", "bare 个月", _set(承诺办结时限="1个月"), False),
    ("E1-2", "missing", _set(承诺办结时限=None), False),
    ("E1-2", "即办件 即办", _set(办件类型="即办件", 承诺办结时限="即办"), True),
    ("E1-2", "即办件 当场办结", _set(办件类型="即办件", 承诺办结时限="当场办结"), True),
    ("E1-2", "即办件 0个工作日", _set(办件类型="即办件", 承诺办结时限="0个工作日"), True),
    ("E1-2", "承诺件 saying 即办 is for a person", _set(办件类型="承诺件", 承诺办结时限="即办"), "复核"),
    ("E1-2", "a note after the limit", _set(承诺办结时限="10个工作日（不含现场勘查时间）"), True),
    ("E1-2", "即办件 即时办结", _set(办件类型="即办件", 承诺办结时限="即时办结"), True),
    # E1-3 办理地点
    ("E1-3", "street, number, floor and window", lambda g: None, True),
    ("E1-3", "巷 and 室", _win(0, 地址="临州市青石巷12-3号2层203室"), True),
    ("E1-3", "胡同 with window number", _win(0, 地址="某市南锣鼓巷胡同5号综合窗口3"), True),
    ("E1-3", "street without number (window number is not a 门牌)",
     _win(0, 地址="临州市澜江大道江澜省政务服务中心1楼2号窗口"), False),
    ("E1-3", "number but no floor or window", _win(1, 地址="临州市丰和路77号"), False),
    ("E1-3", "building only, no street", _win(0, 地址="江澜省政务服务中心2楼15号窗口"), False),
    ("E1-3", "missing address", _win(0, 地址=""), False),
    ("E1-3", "no windows at all", _set(windows=[]), False),
    # E1-4 办理时间
    ("E1-4", "周一至周五 + times", lambda g: None, True),
    ("E1-4", "工作日 + times", _win(0, 办理时间="工作日 09:00-17:00（中午不休）"), True),
    ("E1-4", "Chinese 时 times", _win(0, 办理时间="周一至周五 上午9时至12时，下午1时30分至5时"), True),
    ("E1-4", "only 工作日", _win(0, 办理时间="工作日（法定节假日除外）"), False),
    ("E1-4", "only times", _win(1, 办理时间="09:00-12:00 13:30-17:00"), False),
    ("E1-4", "missing", _win(1, 办理时间=""), False),
    # E1-5 咨询电话
    ("E1-5", "landline with area code", lambda g: None, True),
    ("E1-5", "landline without hyphen", _win(0, 咨询电话="057587051234"), True),
    ("E1-5", "mobile", _win(0, 咨询电话="13905751234"), True),
    ("E1-5", "400 number", _win(0, 咨询电话="400-820-8820"), True),
    ("E1-5", "12345 with a real number", _win(0, 咨询电话="0575-87051234；12345"), True),
    ("E1-5", "12345 alone", _win(0, 咨询电话="12345"), False),
    ("E1-5", "local 12345 alone", _win(0, 咨询电话="0575-12345"), False),
    # GUIDE_RULES: an area code and number; a local number cannot be dialled from elsewhere (issue 22 §5)
    ("E1-5", "no area code", _win(1, 咨询电话="87052333"), False),
    ("E1-5", "seven digits without area code", _win(1, 咨询电话="8418123"), False),
    ("E1-5", "12345 inside a longer number is no hotline", _win(1, 咨询电话="0575-86612345"), True),
    ("E1-5", "full-width digits", _win(1, 咨询电话="０５７５－８７０５２３３３"), True),
    ("E1-5", "area code with a space", _win(1, 咨询电话="0531 66608512"), True),
    ("E1-5", "area code in full-width brackets", _win(1, 咨询电话="（0592）2262203"), True),
    ("E1-5", "missing", _win(1, 咨询电话=None), False),
    # E1-6 中介/特殊环节
    ("E1-6", "explicitly 无", _set(特殊环节="无"), True),
    ("E1-6", "stated with basis",
     _set(特殊环节="现场勘查：依据《保安服务管理条例》第九条，勘查时间不计入承诺时限"), True),
    ("E1-6", "无 for both", _set(特殊环节="无中介服务；无特殊环节"), True),
    ("E1-6", "label-style 无", _set(特殊环节="特殊环节：无"), True),
    ("E1-6", "a special step only needs marking", _set(特殊环节="现场勘查"), True),
    ("E1-6", "无 for one thing, a step for another", _set(特殊环节="本事项无中介服务，但需公示7日"), True),
    ("E1-6", "公示 with a time", _set(特殊环节="公示：在村（社区）公示7日"), True),
    ("E1-6", "中介服务 without its basis", _set(特殊环节="中介服务：需委托有资质的中介机构出具评价报告"), False),
    ("E1-6", "third-party testing without basis", _set(特殊环节="需由第三方检测机构出具检测报告"), False),
    ("E1-6", "中介服务 with its basis",
     _set(特殊环节="中介服务：施工图审查（设定依据：《建设工程质量管理条例》第十一条）"), True),
    ("E1-6", "missing", lambda g: g.pop("特殊环节"), False),
    ("E1-6", "expert review named", _set(特殊环节="需组织专家评审，时间不计入时限"), True),
    ("E1-6", "empty", _set(特殊环节=""), False),
    ("E1-6", "无 but the 流程 has a 现场勘查 step is for a person",
     _step(1, 环节="现场勘查"), "复核"),
    # E2-1 材料来源/出具单位
    ("E2-1", "gov-issued names 公安机关", lambda g: None, True),
    ("E2-1", "gov-issued names 派出所", _mat(0, 出具单位="户籍所在地公安派出所"), True),
    ("E2-1", "gov-issued names a 中心", _mat(0, 出具单位="不动产登记中心"), True),
    ("E2-1", "gov-issued without issuer is for a person", _mat(0, 出具单位=""), "复核"),
    ("E2-1", "gov-issued names a kind of organ", _mat(0, 出具单位="民政部门"), True),
    ("E2-1", "gov-issued with vague issuer is for a person", _mat(0, 出具单位="相关部门"), "复核"),
    ("E2-1", "gov-issued with vague 主管部门 is for a person", _mat(0, 出具单位="相关主管部门"), "复核"),
    ("E2-1", "an applicant-dependent role", _mat(0, 出具单位="业务主管单位"), True),
    ("E2-1", "issuer without source", _mat(2, 来源=""), True),
    ("E2-1", "neither source nor issuer", _mat(2, 来源="", 出具单位=""), False),
    ("E2-1", "self-prepared needs no issuer", _mat(2, 来源="申请人自备", 出具单位=""), True),
    # E2-2 份数
    ("E2-2", "原件1份", lambda g: None, True),
    ("E2-2", "原件1份 复印件2份", _mat(0, 份数="原件1份，复印件2份"), True),
    ("E2-2", "Chinese numeral", _mat(0, 份数="复印件两份"), True),
    ("E2-2", "bare number in the 份数 column", _chain(_mat(0, 份数="2", 介质="纸质原件")), True),
    ("E2-2", "若干", _mat(0, 份数="复印件若干"), False),
    # GUIDE_RULES: empty or 0 fails (issue 22 §5)
    ("E2-2", "zero", _mat(0, 份数="原件0份"), False),
    ("E2-2", "bare zero", _mat(0, 份数="0", 介质="纸质原件"), False),
    ("E2-2", "full-width count", _mat(0, 份数="原件１份"), True),
    ("E2-2", "张", _mat(0, 份数="原件1张"), True),
    ("E2-2", "本 and 套", _mat(0, 份数="原件2本，复印件1套"), True),
    ("E2-2", "按需", _mat(0, 份数="按需提供"), False),
    ("E2-2", "missing", _mat(2, 份数=""), False),
    # E2-3 介质/形式
    ("E2-3", "原件 + 纸质/电子化", lambda g: None, True),
    ("E2-3", "复印件 + 电子", _mat(0, 份数="复印件1份", 介质="电子"), True),
    ("E2-3", "no medium", _mat(2, 介质=""), False),
    ("E2-3", "no 原件/复印件", _mat(2, 份数="1份"), False),
    # E2-x 材料名称
    ("E2-x", "specific names", lambda g: None, True),
    ("E2-x", "高等 is not a list 等", _add_mat(名称="高等学校毕业证书"), True),
    ("E2-x", "等级证书 is fine", _add_mat(名称="普通话水平测试等级证书"), True),
    ("E2-x", "其他材料", _add_mat(名称="其他材料"), False),
    ("E2-x", "其他相关材料", _add_mat(名称="其他相关材料"), False),
    ("E2-x", "…等材料", _add_mat(名称="学历证书、职称证书等材料"), False),
    ("E2-x", "办公场所…等材料", _add_mat(名称="办公场所产权证明、租赁合同等材料"), False),
    ("E2-x", "相关材料", _add_mat(名称="相关材料"), False),
    ("E2-x", "同等学力 is not a list 等", _add_mat(名称="同等学力证明"), True),
    ("E2-x", "相关部门要求的", _add_mat(名称="相关部门要求的其他证明"), False),
    ("E2-x", "视情况", _add_mat(名称="视情况提供的补充说明"), False),
    ("E2-x", "以窗口告知为准", _add_mat(名称="补充材料（以窗口告知为准）"), False),
    # E3-1 流程
    ("E3-1", "受理 to 办结", lambda g: None, True),
    ("E3-1", "受理 to 送达", _step(3, 环节="送达"), True),
    ("E3-1", "a step without a time limit", _step(1, 时限=""), False),
    ("E3-1", "a step with neither handler nor standard", _step(1, 办理人=""), False),
    ("E3-1", "a standard stands in for the handler", _step(1, 办理人="", 标准="材料齐全、符合法定形式"), True),
    ("E3-1", "即办 steps", lambda g: [s.update(时限="即时") for s in g["流程"]], True),
    ("E3-1", "stops at 制证", _step(3, 环节="制证"), False),
    ("E3-1", "no 受理", _step(0, 环节="申请"), False),
    ("E3-1", "step with neither", _step(1, 时限="", 办理人=""), False),
    ("E3-1", "empty", _set(流程=[]), False),
    # E3-2 到现场次数
    ("E3-2", "1 with a reason", lambda g: None, True),
    ("E3-2", "0 visits", _set(到现场次数="0", 到现场次数说明=""), True),
    ("E3-2", "IV and 0", _set(网办深度="IV", 到现场次数="0", 到现场次数说明=""), True),
    ("E3-2", "Chinese numeral with 次", _set(到现场次数="一次"), True),
    ("E3-2", "a stated number needs no reason", _set(到现场次数="2", 到现场次数说明=""), True),
    ("E3-2", "最多跑一次", _set(到现场次数="最多跑一次", 到现场次数说明=""), True),
    ("E3-2", "1 with 无 as reason", _set(到现场次数="1", 到现场次数说明="无"), True),
    ("E3-2", "IV means 0", _set(网办深度="IV", 到现场次数="1"), False),
    ("E3-2", "not a number", _set(到现场次数="视情况"), False),
    ("E3-2", "missing", _set(到现场次数=""), False),
    # E4 空表/样表
    ("E4", "both links, no downloads info", lambda g: None, True),
    ("E4", "no form at all is not applicable",
     lambda g: g["materials"].pop(_FORM), True),
    ("E4", "sample missing", _mat(_FORM, sample=None), False),
    ("E4", "blank missing", _mat(_FORM, blank=""), False),
    ("E4", "a 申请表 named but not linked", _mat(_FORM, is_form=False, blank=None, sample=None), False),
    ("E4", "a 体检表 issued by a hospital is not the guide's form",
     _add_mat(名称="教师资格认定体检表", 来源="其他", 出具单位="指定县级以上医院"), True),
    ("E4", "a 财务报表 is not a form", _add_mat(名称="上一年度资产负债表"), True),
    ("E4", "a form named in 书名号 with a note", _add_mat(名称="《变更登记表》（加盖公章）"), False),
    ("E4", "downloads both 200 xlsx", _downloads(), True),
    ("E4", "downloads pdf and docx", _downloads(blank={"kind": "pdf"}, sample={"kind": "docx"}), True),
    ("E4", "blank 404", _downloads(blank={"status": 404, "kind": "html"}), False),
    ("E4", "sample 200 but an HTML page", _downloads(sample={"kind": "html", "content_type": "text/html"}), False),
    ("E4", "sample not downloaded", _downloads(sample={"status": "absent"}), False),
    ("E4", "download failed without a status", _downloads(blank={"status": None, "kind": None}), False),
    ("E4", "kind from content type when not sniffed",
     _downloads(blank={"kind": None, "content_type": "application/pdf"}), True),
    # D2 实施编码
    ("D2", "valid uscc + level + basic code", lambda g: None, True),
    ("D2", "corrupted check character", _set(impl_code="91350100M000100Y44" + "1" + "050200300100"), False),
    ("D2", "30 characters", _set(impl_code=USCC + "1" + "05020030010"), False),
    ("D2", "level not a digit", _set(impl_code=USCC + "X" + "050200300100"), False),
    ("D2", "no 事项类型 is read from the digits", _set(impl_code=USCC + "1" + "990200300100"), True),
    ("D2", "a real-shaped tail", _set(impl_code=USCC + "4000107001000"), True),
    ("D2", "letters in the tail", _set(impl_code=USCC + "40001070010A0"), False),
    ("D2", "forbidden letter O", _set(impl_code="91350100MO00100Y43" + "1" + "050200300100"), False),
    ("D2", "missing", _set(impl_code=""), False),
]


def test_clean_guide_passes_everything():
    res = check_guide(clean_guide())
    assert list(res.elements) == list(ELEMENT_IDS)
    assert res.ok, {e: r.why for e, r in res.elements.items() if not r.ok}


@pytest.mark.parametrize("element,mutate,expected",
                         [pytest.param(e, f, ok, id=f"{e}-{'pass' if ok else 'fail'}-{name}")
                          for e, name, f, ok in CASES])
def test_element(element, mutate, expected):
    g = clean_guide()
    mutate(g)
    res = check_guide(g)
    r = res[element]
    verdict = {True: PASS, False: FAIL, "复核": REVIEW}[expected]
    assert r.verdict == verdict, r
    if expected is True:
        # a passing mutation must not break any other element either
        assert res.ok, {e: x.why for e, x in res.elements.items() if not x.ok}
    else:
        assert r.why, "a failure or a review must say why"
        assert any("\u4e00" <= c <= "\u9fff" for c in r.why), "why is written in Chinese"
        assert r.basis, "a finding names the evaluation wording (不合格) or the reading (复核) it rests on"
        if r.verdict == REVIEW:
            assert r.basis.startswith("解读") and r.ok
        else:
            assert element.split("-")[0] in r.basis and not r.ok


def test_every_element_has_a_passing_and_a_failing_case():
    seen = {(e, ok) for e, _, _, ok in CASES if ok != "复核"}
    for e in ELEMENT_IDS:
        assert (e, True) in seen and (e, False) in seen, e


def test_why_names_the_offending_row_or_material():
    g = clean_guide()
    g["materials"][0]["出具单位"] = ""
    g["windows"][1]["咨询电话"] = "12345"
    g["windows"][0]["地址"] = "临州市澜江大道江澜省政务服务中心1楼2号窗口"
    res = check_guide(g)
    assert res["E2-1"].why == "材料「居民身份证」来源为政府部门核发，未写出具单位"
    assert res["E2-1"].verdict == REVIEW
    assert "省社会保险服务中心服务大厅" in res["E1-5"].why and "12345" in res["E1-5"].why
    assert "省人社厅政务服务窗口" in res["E1-3"].why and "门牌" in res["E1-3"].why
    assert "省社会保险服务中心服务大厅" not in res["E1-3"].why


def test_promised_limit_checked_on_its_own_when_the_legal_one_is_broken():
    g = clean_guide()
    g["法定办结时限"], g["承诺办结时限"] = "10天", "50个工作日"
    res = check_guide(g)
    assert not res["E1-1"].ok and res["E1-2"].ok


def test_promised_limit_uses_the_label_shown():
    g = clean_guide()
    g["承诺办结时限"] = "15天"
    assert check_guide(g)["E1-2"].why.startswith("承诺办理时限")


def test_guide_missing_elements_defect_fails_e1_without_crashing():
    g = clean_guide()
    del g["法定办结时限"]
    for w in g["windows"]:
        del w["咨询电话"], w["办理时间"]
    res = check_guide(g)
    assert not res["E1-1"].ok and not res["E1-4"].ok and not res["E1-5"].ok
    assert res["E1-3"].ok


def test_guide_level_hours_and_phone_fill_window_rows():
    g = clean_guide()
    for w in g["windows"]:
        w.pop("咨询电话")
    g["咨询电话"] = "0575-87051234"
    assert check_guide(g)["E1-5"].ok


def test_malformed_input_fails_the_element_not_the_run():
    g = clean_guide()
    g["materials"] = "见附件"
    g["流程"] = None
    res = check_guide(g)
    assert not res["E2-1"].ok and not res["E3-1"].ok


def test_observation_shape():
    res = check_guide(clean_guide())
    obs = res.to_observation()
    assert obs["item_id"] == "rst-099" and obs["dept"] == "rst"
    assert set(obs["elements"]) == set(ELEMENT_IDS)
    assert obs["elements"]["E1-1"] == {"ok": True, "verdict": "合格", "value": "20个工作日", "why": "",
                                       "basis": ""}


# --------------------------------------------------------------------------- GB 32100
def test_uscc_check_digit_known_valid_codes():
    assert uscc_check_digit("91350100M000100Y4") == "3"
    assert valid_uscc("91350100M000100Y43")
    assert valid_uscc("914403001922038216")          # 华为技术有限公司
    assert valid_uscc("91350100m000100y43")          # case is not significant


@pytest.mark.parametrize("code", ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100Y433",
                                  "91350100MO00100Y43", "", "913501OOM000100Y43"])
def test_uscc_invalid(code):
    assert not valid_uscc(code)


def test_uscc_check_digit_rejects_bad_input():
    with pytest.raises(ValueError):
        uscc_check_digit("9135")
    with pytest.raises(ValueError):
        uscc_check_digit("91350100MI00100Y4")


def test_parse_impl_code_layout():
    p = parse_impl_code(USCC + "4000107001000")
    assert p == {"uscc": USCC, "tail": "4000107001000"}


def test_d2_says_which_check_character_was_expected():
    g = clean_guide()
    g["impl_code"] = "91350100M000100Y44" + "1" + "050200300100"
    assert "校验位" in check_guide(g)["D2"].why and "3" in check_guide(g)["D2"].why


# --------------------------------------------------------------------------- labels
@pytest.mark.parametrize("label", ["承诺办结时限", "承诺办理时限", "承诺时限", "承诺期限", "承诺时限："])
def test_promised_limit_labels(label):
    out = normalise_labels({label: "5个工作日", "法定办结时限": "20个工作日"})
    assert out["承诺办结时限"] == "5个工作日"
    assert out["承诺办结时限_label"] == label.rstrip("：")
    assert out["法定办结时限"] == "20个工作日"


@pytest.mark.parametrize("label", ["法定办结时限", "法定办理时限", "法定时限", "法定期限"])
def test_legal_limit_labels(label):
    assert normalise_labels({label: "20个工作日"})["法定办结时限"] == "20个工作日"


@pytest.mark.parametrize("label", ["到办事现场次数", "到现场次数", " 到现场次数 "])
def test_visit_labels(label):
    out = normalise_labels({label: "1", "到办事现场次数说明": "现场核验"})
    assert out["到现场次数"] == "1" and out["到现场次数说明"] == "现场核验"


def test_bare_limit_label_is_the_promise_unless_one_is_given():
    assert normalise_labels({"办理时限": "5个工作日"})["承诺办结时限"] == "5个工作日"
    out = normalise_labels({"办理时限": "9个工作日", "承诺时限": "5个工作日"})
    assert out["承诺办结时限"] == "5个工作日" and out["承诺办结时限_label"] == "承诺时限"


def test_row_labels_are_mapped_and_unknown_labels_kept():
    out = normalise_labels({
        "申请材料": [{"材料名称": "居民身份证", "来源渠道": "政府部门核发", "出具单位": "公安机关",
                  "纸质材料份数": "原件1份", "材料形式": "纸质"}],
        "办理流程": [{"办理环节": "受理", "办理时限": "1个工作日", "办理人员": "窗口"}],
        "窗口": [{"窗口名称": "A", "办公地址": "x路1号1楼", "联系电话": "0575-87051234"}],
        "某个新字段": "保留",
    })
    assert out["materials"][0] == {"名称": "居民身份证", "来源": "政府部门核发", "出具单位": "公安机关",
                                   "份数": "原件1份", "介质": "纸质"}
    assert out["流程"][0] == {"环节": "受理", "时限": "1个工作日", "办理人": "窗口"}
    assert out["windows"][0] == {"name": "A", "地址": "x路1号1楼", "咨询电话": "0575-87051234"}
    assert out["某个新字段"] == "保留"


def test_normalised_labels_feed_the_checker():
    g = clean_guide()
    raw = {("承诺期限" if k == "承诺办结时限" else "到办事现场次数" if k == "到现场次数" else k): v
           for k, v in g.items() if k != "承诺办结时限_label"}
    res = check_guide(normalise_labels(raw))
    assert res.ok, {e: r.why for e, r in res.elements.items() if not r.ok}
    g["承诺办结时限"] = "15天"
    raw["承诺期限"] = "15天"
    assert check_guide(normalise_labels(raw))["E1-2"].why.startswith("承诺期限")


def _as_page_shows(g: dict) -> dict:
    """The guide as the sandbox page renders it: varying labels, 来源/出具单位 in one cell, the
    到现场次数 reason inside the count cell."""
    raw = {("承诺期限" if k == "承诺办结时限" else k): v for k, v in g.items()
           if k not in ("承诺办结时限_label", "到现场次数说明", "windows", "materials", "流程")}
    raw["到办事现场次数"] = f"{raw.pop('到现场次数')}次" + (f"（{g['到现场次数说明']}）"
                                                        if g.get("到现场次数说明") else "")
    raw["办理窗口"] = [{"窗口名称": w["name"], "办理地点": w["地址"], "办理时间": w["办理时间"],
                    "咨询电话": w["咨询电话"]} for w in g["windows"]]
    raw["申请材料"] = [{"名称": m["名称"],
                    "来源/出具单位": m["来源"] + (f"/{m['出具单位']}" if m["出具单位"] else ""),
                    "份数": m["份数"], "介质": m["介质"], "必要性": m["必要性"], "is_form": m["is_form"],
                    "空表": m["blank"], "样表": m["sample"]} for m in g["materials"]]
    raw["办理流程"] = [{"环节": st["环节"], "办理人": st["办理人"], "时限": st["时限"]} for st in g["流程"]]
    return raw


@pytest.mark.parametrize("fault", ["none", "no_issuer", "no_reason"])
def test_page_rendering_normalises_to_the_same_verdicts(fault):
    g = clean_guide()
    if fault == "no_issuer":
        g["materials"][0]["出具单位"] = ""
    if fault == "no_reason":
        g["到现场次数说明"] = ""
    direct = check_guide(g)
    via_page = check_guide(normalise_labels(_as_page_shows(g)))
    assert via_page.failing == direct.failing
    assert {e: r.why for e, r in via_page.elements.items()} == \
        {e: r.why.replace("承诺办理时限", "承诺期限") for e, r in direct.elements.items()}


def test_visits_cell_with_inline_reason_is_split():
    out = normalise_labels({"到现场次数": "1次（需本人到场采集指纹）"})
    assert out["到现场次数"] == "1次" and out["到现场次数说明"] == "需本人到场采集指纹"
    assert normalise_labels({"到现场次数": "0次"})["到现场次数"] == "0次"
    g = clean_guide()
    g["到现场次数"], g["到现场次数说明"] = "1次（需本人到场）", ""
    assert check_guide(g)["E3-2"].ok


def test_combined_source_cell_is_split():
    rows = normalise_labels({"申请材料": [
        {"名称": "a", "来源/出具单位": "政府部门核发/户籍所在地公安派出所"},
        {"名称": "b", "来源/出具单位": "政府部门核发（不动产登记中心）"},
        {"名称": "c", "来源/出具单位": "申请人自备"}]})["materials"]
    assert [(r["来源"], r["出具单位"]) for r in rows] == [
        ("政府部门核发", "户籍所在地公安派出所"), ("政府部门核发", "不动产登记中心"), ("申请人自备", "")]


# --------------------------------------------------------------------------- sniff_kind
def _ooxml(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(part, "<x/>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SNIFF_CASES = [
    (_ooxml("word/document.xml"), "", "docx"),
    (_ooxml("xl/workbook.xml"), "application/octet-stream", "xlsx"),
    (b"PK\x03\x04\x14\x00\x00\x00", DOCX_CT, "docx"),          # first bytes only: the type decides
    (b"PK\x03\x04\x14\x00\x00\x00", XLSX_CT, "xlsx"),
    (b"PK\x03\x04\x14\x00\x00\x00", "application/zip", "unknown"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", "pdf"),
    (b"%PDF-1.7", "application/octet-stream", "pdf"),
    (b"<!DOCTYPE html><html><head><title>404", "text/html; charset=utf-8", "html"),
    (b"\xef\xbb\xbf\n  <html lang=zh>", "application/pdf", "html"),  # an error page mislabelled as PDF
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "application/msword", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "application/vnd.ms-excel", "xls"),
    (b"not a document", "application/pdf", "unknown"),
    (b"", "application/pdf", "pdf"),                             # no bytes kept: the type decides
    (b"", XLSX_CT, "xlsx"),
    (b"", "text/html", "html"),
    (b"", "", "unknown"),
]


@pytest.mark.parametrize("data,ct,kind", [pytest.param(d, c, k, id=f"{i}-{k}")
                                          for i, (d, c, k) in enumerate(SNIFF_CASES)])
def test_sniff_kind(data, ct, kind):
    assert sniff_kind(data, ct) == kind


def test_sniff_kind_on_sandbox_files():
    downloads = pytest.importorskip("sandbox.downloads")
    for kind in ("docx", "xlsx", "pdf"):
        data = downloads.render(kind, "申请表", "事项", "0" * 31, "blank")
        assert sniff_kind(data, downloads.CONTENT_TYPES[kind]) == kind
        assert sniff_kind(data[:16], downloads.CONTENT_TYPES[kind]) == kind
        assert sniff_kind(data, "") == kind


def test_result_type():
    assert isinstance(check_guide(clean_guide()), GuideResult)
    with pytest.raises(TypeError):
        check_guide("not a guide")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- real label sets
def test_material_type_keeps_both_meanings():
    rows = normalise_labels({"申请材料": [
        {"材料名称": "营业执照", "材料类型": "原件和复印件", "来源渠道": "政府部门核发",
         "来源渠道说明": "市场监督管理部门", "纸质材料份数": "1", "材料形式": "纸质"},
        {"材料名称": "申请表", "材料类型": "申请表格文书", "出具单位": "", "份数": "原件1份", "介质": "纸质和电子"},
    ]})["materials"]
    assert rows[0] == {"名称": "营业执照", "材料类型": "原件和复印件", "来源": "政府部门核发",
                       "出具单位": "市场监督管理部门", "份数": "1", "介质": "纸质"}
    assert rows[1]["材料分类"] == "申请表格文书" and "材料类型" not in rows[1]


def test_type_read_from_the_material_type_column():
    g = clean_guide()
    g["materials"][2].update(份数="1", 介质="纸质", 材料类型="复印件")
    assert check_guide(g)["E2-3"].verdict == PASS
    g["materials"][2]["材料类型"] = ""
    assert check_guide(g)["E2-3"].verdict == FAIL


def test_form_classed_by_material_category():
    g = clean_guide()
    g["materials"].append({"名称": "开业申请", "材料分类": "申请表格文书", "来源": "申请人自备", "份数": "1份",
                           "介质": "纸质原件"})
    r = check_guide(g)["E4"]
    assert r.verdict == FAIL and "开业申请" in r.why


def test_top_and_flow_labels_of_other_portals():
    out = normalise_labels({"实施主体": "厦门市民政局", "中介服务及特殊环节": "无", "网上办理深度": "Ⅳ级",
                            "办理流程": [{"环节名称": "受理", "时限": "即时", "审批标准": "材料齐全",
                                      "办理结果": "受理通知书"}]})
    assert out["实施主体"] == "厦门市民政局" and out["特殊环节"] == "无" and out["网办深度"] == "Ⅳ级"
    assert out["流程"] == [{"环节": "受理", "时限": "即时", "标准": "材料齐全", "结果": "受理通知书"}]


def test_roman_depth_iv_with_visits_fails():
    g = clean_guide()
    g["网办深度"], g["到现场次数"] = "Ⅳ级", "1次"
    assert check_guide(g)["E3-2"].verdict == FAIL


# --------------------------------------------------------------------------- 整改 list
def test_guide_rectification_per_department():
    a = clean_guide()
    a["实施主体"], a["name"] = "厦门市民政局", "社会团体成立登记"
    a["法定办结时限"] = "10天"
    a["materials"][0]["出具单位"] = ""
    b = clean_guide()
    b["实施主体"], b["name"] = "山东省市场监督管理局", "食品经营许可"
    c = clean_guide()
    c["item_id"], c["name"] = "gat-009", "户口迁移"
    c["windows"][0]["咨询电话"] = "12345"
    out = guide_rectification([check_guide(a), check_guide(b), check_guide(c).to_observation()])
    assert set(out) == {"厦门市民政局", "gat"}          # a clean guide's department has nothing to fix
    assert out["厦门市民政局"][0] == ("社会团体成立登记", "E1-1", FAIL, check_guide(a)["E1-1"].why)
    assert out["厦门市民政局"][1][1:3] == ("E2-1", REVIEW)
    assert out["gat"] == [("户口迁移", "E1-5", FAIL, check_guide(c)["E1-5"].why)]
