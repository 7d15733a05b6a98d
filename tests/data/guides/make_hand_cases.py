"""Hand-written hard cases, one variation each on one clean guide, in the writing real portals use.

Written and labelled (verdict + why from the evaluation's wording) before the checker was run on
them; committed on their own (see git history). Output: corpus-hand.json, same format as the
corpus of make_corpus.py. Nothing from sandbox/ is used.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASE = {
    "事项名称": "排污许可证核发", "实施主体": "甘肃省生态环境厅", "事项类型": "行政许可",
    "实施编码": "116200000139286646" + "4000107001000", "办件类型": "承诺件",
    "法定办结时限": "20个工作日", "承诺办结时限": "10个工作日", "到办事现场次数": "1", "网上办理深度": "Ⅲ级",
    "中介服务": "无", "设定依据": "《排污许可管理条例》第十四条",
    "办理窗口": [{"窗口名称": "省生态环境厅窗口", "办理地点": "甘肃省兰州市城关区南昌路1688号甘肃省政务服务中心3楼315室",
              "办理时间": "星期一至星期五：上午09:00—12:00，下午14:30—17:30", "咨询电话": "0931-8418123"}],
    "申请材料": [
        {"材料名称": "排污许可证申请表", "材料类型": "申请表格文书", "来源渠道": "申请人自备", "出具单位": "",
         "份数": "原件1份", "介质": "纸质和电子", "空表": "/dl/1/blank.docx", "样表": "/dl/1/sample.pdf"},
        {"材料名称": "营业执照", "材料类型": "证件证书证明", "来源渠道": "政府部门核发", "出具单位": "市场监督管理部门",
         "份数": "复印件1份", "介质": "纸质"},
        {"材料名称": "自行监测方案", "材料类型": "其他", "来源渠道": "申请人自备", "出具单位": "",
         "份数": "原件1份", "介质": "电子"},
    ],
    "办理流程": [
        {"环节名称": "受理", "时限": "1个工作日", "岗位": "窗口受理人员", "审批标准": "材料齐全"},
        {"环节名称": "审查", "时限": "7个工作日", "岗位": "审查人员", "审批标准": "符合排污许可条件"},
        {"环节名称": "决定", "时限": "1个工作日", "岗位": "分管负责人", "审批标准": "依法决定"},
        {"环节名称": "送达", "时限": "1个工作日", "岗位": "窗口工作人员", "审批标准": "按申请人选择方式送达"},
    ],
}

F, R = "不合格", "需人工复核"


def win(**kw):
    def f(g):
        g["办理窗口"][0].update(kw)
    return f


def top(**kw):
    def f(g):
        g.update(kw)
    return f


def mat(i, **kw):
    def f(g):
        g["申请材料"][i].update(kw)
    return f


def add(name, **kw):
    def f(g):
        row = {"材料名称": name, "材料类型": "其他", "来源渠道": "申请人自备", "出具单位": "", "份数": "原件1份",
               "介质": "纸质"}
        row.update(kw)
        g["申请材料"].append(row)
    return f


def step(i, **kw):
    def f(g):
        g["办理流程"][i].update(kw)
    return f


def steps(rows):
    def f(g):
        g["办理流程"] = [dict(zip(("环节名称", "时限", "岗位", "审批标准"), r)) for r in rows]
    return f


# (id, variation, {element: (verdict, why)}) — an empty dict means every element must pass
CASES = [
    ("addr-cn-floor-window", win(办理地点="福建省厦门市思明区湖滨南路334号二楼A区12号窗口"), {}),
    ("addr-floor-only", win(办理地点="济南市历下区龙鼎大道1号龙奥大厦B座一楼综合窗口"),
     {"E1-3": (R, "有门牌和楼层，“综合窗口”无编号：是否满足“房间号、窗口号”需人工判断")}),
    ("addr-building-floor", win(办理地点="成都市高新区天府大道北段1480号拉德方斯大厦东楼1楼"),
     {"E1-3": (R, "有楼层无房间号或窗口号，需人工判断")}),
    ("addr-no-room", win(办理地点="武汉市江汉区新华路277号"),
     {"E1-3": (F, "E1-3“房间号、窗口号”：只写到门牌号")}),
    ("addr-letter-room", win(办理地点="哈尔滨市南岗区中山路181号3号楼2层A06"), {}),
    ("addr-town", win(办理地点="某县某镇人民政府便民服务中心"),
     {"E1-3": (F, "E1-3“明确街道名称、门牌号”：只有机构名称")}),
    ("hours-holiday-first", win(办理时间="周一至周五（法定节假日除外）上午9:00-12:00 下午2:00-5:00"), {}),
    ("hours-workday-dash", win(办理时间="工作日9:00—17:00"), {}),
    ("hours-seasons-no-days", win(办理时间="夏季：8:00-12:00，14:30-17:30；冬季：8:00-12:00，14:00-17:00"),
     {"E1-4": (F, "E1-4“受理的时间周期，如星期一至星期五”：没写哪几天受理")}),
    ("hours-fullwidth", win(办理时间="周一至周五上午8：30－12：00，下午1：30－5：30"), {}),
    ("hours-cn-numerals", win(办理时间="星期一至星期五 上午八点至十二点，下午两点半至五点半"), {}),
    ("phone-two-numbers", win(咨询电话="0931-8928888（办公室）、0931-8928889（窗口）"), {}),
    ("phone-12345-ext", win(咨询电话="12345转2"),
     {"E1-5": (F, "E1-5“受理部门的联系电话”：只有12345热线")}),
    ("phone-local-12345", win(咨询电话="0592-12345"),
     {"E1-5": (F, "E1-5“受理部门的联系电话”：地方12345热线不是受理部门电话")}),
    ("phone-em-dash", win(咨询电话="0451—86612345"), {}),
    ("legal-label-inside", top(法定办结时限="法定办结时限：20个工作日"), {}),
    ("legal-hearing-note", top(法定办结时限="20个工作日；依法需要听证的，听证时间不计入"), {}),
    ("legal-none", top(法定办结时限="无法定时限"),
     {"E1-1": (F, "E1-1“明确标注该事项的法定期限”：写无法定时限（行政许可事项）")}),
    ("promise-within", top(承诺办结时限="3个工作日内"), {}),
    ("promise-instant-no-kind", top(办件类型="", 承诺办结时限="当场办结"), {}),
    ("special-check-with-time", top(中介服务="现场核查：5个工作日"), {}),
    ("special-expert", top(中介服务="专家论证"), {}),
    ("special-third-party", top(中介服务="技术审查（委托第三方技术服务机构）"),
     {"E1-6": (F, "E1-6 中介服务“提供设定依据说明”：委托第三方机构未写依据")}),
    ("special-agency-basis", top(中介服务="检验检测：由具有资质的检验检测机构出具检验报告（依据《中华人民共和国特种设备安全法》第二十条）"), {}),
    ("special-mixed", top(中介服务="中介服务：无 特殊环节：现场勘查（10个工作日）"), {}),
    ("issuer-original-office", mat(1, 出具单位="原发证机关"), {}),
    ("issuer-only", mat(1, 来源渠道="", 出具单位="业务主管单位"), {}),
    ("copies-two-kinds", mat(1, 份数="原件1份、复印件1份"), {}),
    ("copies-number-first", mat(1, 份数="1（原件）"), {}),
    ("copies-seal", mat(1, 份数="复印件加盖公章1份"), {}),
    ("copies-as-needed", mat(1, 份数="按实际情况"),
     {"E2-2": (F, "E2-2“明确注明…份数”：写按实际情况，没有份数"),
      # label added after the first run: the variation replaced 复印件1份, the only cell naming the 类型
      "E2-3": (F, "E2-3“材料类型：原件、复印件”：改写份数后，任何一栏都不再写原件/复印件")}),
    ("medium-ban", mat(1, 介质="纸质版"), {}),
    ("medium-missing-original", mat(1, 份数="原件（核验后退回）", 介质=""),
     {"E2-3": (F, "E2-3 材料形式“纸质、电子”：未写介质"),
      "E2-2": (F, "E2-2 份数：只写原件，没有份数")}),
    ("name-other-organisation", add("其他组织登记证书", 来源渠道="政府部门核发", 出具单位="登记管理机关"), {}),
    ("name-agent", add("委托代理人身份证明（委托办理时提供）", 来源渠道="政府部门核发", 出具单位="公安机关"), {}),
    ("name-law-other", add("法律、法规规定的其他材料"),
     {"E2-x": (F, "材料名称“其他材料”兜底性用词")}),
    ("name-applicant-other", add("申请人认为需要提交的其他材料"),
     {"E2-x": (F, "材料名称“其他材料”兜底性用词")}),
    ("name-lease-etc", add("房屋租赁合同等证明材料"),
     {"E2-x": (F, "材料名称“…等证明材料”兜底性用词")}),
    ("flow-accept-combined", step(0, 环节名称="申请与受理"), {}),
    ("flow-instant", steps([("受理", "即时", "窗口人员", "材料齐全"), ("办结", "即时", "窗口人员", "当场出证")]), {}),
    ("flow-half-day", step(2, 时限="半个工作日"), {}),
    ("flow-approve-end", steps([("受理", "1个工作日", "窗口", "材料齐全"), ("审核", "5个工作日", "科室", "符合条件"),
                                ("审批", "1个工作日", "负责人", "依法"), ("办结", "1个工作日", "窗口", "出证")]), {}),
    ("flow-no-limit-text", step(1, 时限="按规定时限"),
     {"E3-1": (F, "E3“办理时限”：审查环节没有具体时限")}),
    ("visits-zero-note", top(到办事现场次数="0次（全程网办）"), {}),
    ("visits-not-more", top(到办事现场次数="不超过2次", 网上办理深度="Ⅱ级"), {}),
    ("visits-no-need", top(到办事现场次数="无需到现场"), {}),
    ("visits-full-online", top(到办事现场次数="1", 网上办理深度="全程网办"),
     {"E3-2": (F, "深度Ⅳ级“整个办事过程无需到现场办理”却标1次")}),
    ("code-spaced", top(实施编码="116200000139286646 4000107001000"), {}),
    ("code-heilongjiang", top(实施编码="11230000001982375" + "7" + "1000199001000"), {}),
    # issue 22 §3/§5: where GUIDE_RULES is explicit (份数 0 or empty, a number without area code), and
    # numbers written in full-width forms (read after NFKC). Labelled before the checker ran on them.
    ("copies-zero", mat(2, 份数="0"),
     {"E2-2": (F, "E2-2“明确注明…份数”：份数写0，不是所需材料的份数（GUIDE_RULES：empty or 0 fails）")}),
    ("copies-zero-unit", mat(2, 份数="0份"),
     {"E2-2": (F, "E2-2“明确注明…份数”：0份不是份数（GUIDE_RULES：empty or 0 fails）")}),
    ("copies-empty", mat(2, 份数=""),
     {"E2-2": (F, "E2-2“明确注明…份数”：份数栏为空")}),
    ("phone-local-8", win(咨询电话="86612345"),
     {"E1-5": (F, "E1-5“受理部门的联系电话”：8位号码未带区号，外地无法拨打（GUIDE_RULES：an area code and number）")}),
    ("phone-local-7", win(咨询电话="8418123（工作日）"),
     {"E1-5": (F, "E1-5“受理部门的联系电话”：7位号码未带区号，外地无法拨打")}),
    ("phone-fullwidth", win(咨询电话="０９３１－８４１８１２３"), {}),
    ("limit-fullwidth", top(法定办结时限="２０个工作日", 承诺办结时限="１０个工作日"), {}),
    ("copies-fullwidth", mat(1, 份数="复印件１份"), {}),
    ("depth-roman-IV", top(网上办理深度="Ⅳ级", 到办事现场次数="1"),
     {"E3-2": (F, "深度Ⅳ级（U+2163，NFKC 读作 IV）“整个办事过程无需到现场办理”却标1次")}),
    ("depth-fullwidth-IV", top(网上办理深度="ＩＶ级", 到办事现场次数="２"),
     {"E3-2": (F, "深度ＩＶ级（全角，读作 IV）“整个办事过程无需到现场办理”却标2次")}),
]


def main() -> None:
    guides = []
    for cid, fn, expect in CASES:
        raw = copy.deepcopy(BASE)
        fn(raw)
        guides.append({"id": f"hand-{cid}", "raw": raw,
                       "expect": {e: {"verdict": v, "why": w} for e, (v, w) in expect.items()}})
    path = HERE / "corpus-hand.json"
    path.write_text(json.dumps({"style": "hand", "labels": "福建式标签，单一变化的手写难例", "guides": guides},
                               ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(guides)} guides")


if __name__ == "__main__":
    main()
