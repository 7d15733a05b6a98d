"""Writes the labelled guide corpus of tests/data/guides/ (run: python tests/data/guides/make_corpus.py).

Independent of the sandbox catalogue and its generator: nothing from sandbox/ is imported or copied.
Departments, streets, phone numbers, label sets and material lists are written here, shaped after
how real provincial portals (山东, 福建/厦门, 广东, 浙江, 四川, 湖北, 甘肃, 黑龙江) show a 办事指南.

Every guide is a clean base plus at most two variations. A variation is either a DEFECT, labelled
with the verdict the evaluation's own wording gives and a one-line why quoting it, or a NEAR-MISS:
real-looking writing that must pass (no label). Elements without a label are expected 合格;
a label may also say 需人工复核 where only a reading (not the evaluation's wording) could fail it.
The labels were written before the checker was run on this corpus (see git history).

Output: one JSON file per portal style, ``{"style", "labels", "guides": [{"id", "raw", "expect"}]}``;
``raw`` is what the portal shows (its own labels); ``expect`` maps element id →
``{"verdict", "why"}``.
"""
from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Evaluation wording (2020 scheme E rows and the city versions), quoted in the whys.
EV = {
    "E1-1": "E1-1“明确标注该事项的法定期限，明确说明是工作日还是自然日”",
    "E1-2": "E1-2“明确标注该事项的承诺期限，明确说明是工作日还是自然日”",
    "E1-3": "E1-3“办理地点有明确街道名称、门牌号、房间号、窗口号”",
    "E1-4": "E1-4“明确标注该事项受理的时间周期，如星期一至星期五：上午09:00—12:00…”",
    "E1-5": "E1-5“明确标注该事项受理部门的联系电话”",
    "E1-6": "E1-6“作为办理行政审批条件的中介服务事项…标注并提供设定依据说明”/“评审、评估、现场勘查等特殊环节信息的明确标注”",
    "E2-1": "E2-1“注明该事项受理所需材料的来源或材料的出具部门”",
    "E2-2": "E2-2“明确注明该事项受理所需材料的份数”",
    "E2-3": "E2-3“注明材料的类型和介质要求，如材料类型：原件、复印件…；材料形式：纸质、电子…”",
    "E2-x": "材料名称“不存在有歧义的描述，如存在‘其他材料’、‘相关材料’等兜底性用词”",
    "E3-1": "E3“各环节要素…内容应包含办理环节、办理时限、审批标准、办理结果”",
    "E3-2": "E3-2“明确标注申请人需要到现场次数”",
    "E4": "E4“需要申请人填写的表格…提供空白电子表格/示范性电子样表下载服务”",
    "D2": "事项编码（城市版“明确标注事项的编码”；实施编码为31位：18位统一社会信用代码+13位数字）",
}

PROVINCES = [
    # province, city, area code, districts and streets, departments (name, 9-char org code)
    ("山东省", "济南市", "0531", ["历下区龙鼎大道1号", "市中区站前街9号", "历城区二环东路3966号"],
     [("山东省市场监督管理局", "004163821"), ("济南市行政审批服务局", "MB1532017"),
      ("山东省人力资源和社会保障厅", "004162978")]),
    ("福建省", "厦门市", "0592", ["思明区湖滨南路334号", "湖里区县后路1号", "集美区杏林湾路1777号"],
     [("厦门市市场监督管理局", "MB0169543"), ("厦门市民政局", "003626188"), ("厦门市交通运输局", "003625799")]),
    ("广东省", "广州市", "020", ["天河区天河路123号", "越秀区东风中路445号", "海珠区新港东路1000号"],
     [("广东省卫生健康委员会", "006939806"), ("广州市住房和城乡建设局", "MB2C66231"),
      ("广东省教育厅", "006939515")]),
    ("浙江省", "杭州市", "0571", ["上城区解放东路18号", "西湖区文三路477号", "拱墅区环城北路318号"],
     [("浙江省生态环境厅", "002488893"), ("杭州市规划和自然资源局", "MB1952874"),
      ("浙江省文化和旅游厅", "002487021")]),
    ("四川省", "成都市", "028", ["高新区天府大道北段1480号", "锦江区东大街下东大街段99号", "武侯区人民南路四段12号"],
     [("四川省应急管理厅", "008911542"), ("成都市公安局", "008888416"), ("四川省林业和草原局", "MB1529067")]),
    ("湖北省", "武汉市", "027", ["江汉区新华路277号", "武昌区东湖路181号", "洪山区珞喻路1037号"],
     [("湖北省水利厅", "010587421"), ("武汉市城市管理执法委员会", "MB1C21805"), ("湖北省农业农村厅", "010586939")]),
    ("甘肃省", "兰州市", "0931", ["城关区南昌路1688号", "七里河区西津西路16号", "安宁区北滨河西路2号"],
     [("甘肃省自然资源厅", "013928664"), ("兰州市退役军人事务局", "MB1795623"), ("甘肃省商务厅", "013927303")]),
    ("黑龙江省", "哈尔滨市", "0451", ["南岗区中山路181号", "道里区友谊路327号", "香坊区红旗大街180号"],
     [("黑龙江省交通运输厅", "001982375"), ("哈尔滨市城乡建设局", "MB1A60492"), ("黑龙江省药品监督管理局", "MB0X37126")]),
]
AREA = {"山东省": "370000", "福建省": "350200", "广东省": "440000", "浙江省": "330000", "四川省": "510000",
        "湖北省": "420000", "甘肃省": "620000", "黑龙江省": "230000"}

ITEMS = [
    # name, type, basis, forms (applicant fills in), other materials (name, source, issuer)
    ("食品经营许可证核发", "行政许可", "《中华人民共和国食品安全法》第三十五条",
     ["食品经营许可申请书"], [("营业执照", "政府部门核发", "市场监督管理部门"),
                        ("法定代表人身份证", "政府部门核发", "公安机关"),
                        ("与食品经营相适应的经营设备布局图", "申请人自备", "")]),
    ("建筑工程施工许可证核发", "行政许可", "《中华人民共和国建筑法》第七条、第八条",
     ["建筑工程施工许可证申请表"], [("建设工程规划许可证", "政府部门核发", "规划和自然资源主管部门"),
                           ("施工合同", "申请人自备", ""),
                           ("施工图设计文件审查合格书", "其他", "施工图审查机构")]),
    ("社会团体成立登记", "行政许可", "《社会团体登记管理条例》第十一条",
     ["社会团体法人登记申请表", "社会团体章程核准表"],
     [("业务主管单位的批准文件", "政府部门核发", "业务主管单位"), ("验资报告", "其他", "会计师事务所"),
      ("住所使用权证明", "申请人自备", "")]),
    ("道路货物运输经营许可", "行政许可", "《中华人民共和国道路运输条例》第二十四条",
     ["道路货物运输经营申请表"], [("机动车行驶证", "政府部门核发", "公安机关交通管理部门"),
                          ("驾驶员从业资格证", "政府部门核发", "交通运输主管部门"),
                          ("安全生产管理制度文本", "申请人自备", "")]),
    ("医疗机构执业登记", "行政许可", "《医疗机构管理条例》第十五条",
     ["医疗机构申请执业登记注册书"], [("设置医疗机构批准书", "政府部门核发", "卫生健康行政部门"),
                            ("医疗机构用房产权证明或者使用证明", "申请人自备", ""),
                            ("医疗机构规章制度", "申请人自备", "")]),
    ("户口迁移审批", "行政许可", "《中华人民共和国户口登记条例》第十条",
     ["户口迁移申请表"], [("居民户口簿", "政府部门核发", "户籍所在地派出所"),
                    ("居民身份证", "政府部门核发", "公安机关"),
                    ("结婚证", "政府部门核发", "婚姻登记机关")]),
    ("取水许可", "行政许可", "《取水许可和水资源费征收管理条例》第十一条",
     ["取水许可申请书"], [("建设项目水资源论证报告书", "其他", "编制单位"),
                    ("营业执照", "政府部门核发", "市场监督管理部门"),
                    ("与第三者利害关系的相关说明", "申请人自备", "")]),
    ("林木采伐许可证核发", "行政许可", "《中华人民共和国森林法》第五十六条",
     ["林木采伐申请表"], [("林权证", "政府部门核发", "不动产登记机构"),
                    ("伐区调查设计文件", "其他", "林业调查规划设计单位"),
                    ("申请人身份证明", "政府部门核发", "公安机关")]),
    ("药品经营许可证核发（批发）", "行政许可", "《药品经营和使用质量监督管理办法》第八条",
     ["药品经营许可证申请表"], [("营业执照", "政府部门核发", "市场监督管理部门"),
                         ("执业药师注册证", "政府部门核发", "药品监督管理部门"),
                         ("仓库平面布置图", "申请人自备", "")]),
    ("旅行社业务经营许可", "行政许可", "《旅行社条例》第六条",
     ["旅行社业务经营许可申请书"], [("营业执照", "政府部门核发", "市场监督管理部门"),
                            ("经营场所证明", "申请人自备", ""),
                            ("质量保证金存缴证明", "其他", "存缴银行")]),
    ("退役士兵自主就业一次性经济补助金给付", "行政给付", "《退役士兵安置条例》第十九条",
     ["退役士兵自主就业登记表"], [("退出现役证", "政府部门核发", "部队"),
                           ("居民身份证", "政府部门核发", "公安机关"),
                           ("本人银行账户信息", "申请人自备", "")]),
    ("对外贸易经营者备案登记", "行政确认", "《中华人民共和国对外贸易法》第九条",
     ["对外贸易经营者备案登记表"], [("营业执照", "政府部门核发", "市场监督管理部门"),
                            ("法定代表人身份证明", "政府部门核发", "公安机关")]),
]

SPECIAL_STEPS = ["现场勘查（5个工作日，不计入承诺时限）", "专家评审", "专家评审：组织专家对申请材料进行技术评审，评审时间不计入办理时限",
                 "评估：组织对申请人的条件进行评估", "现场核查"]
INTERMEDIARY_WITH_BASIS = [
    "中介服务：建设项目水资源论证报告书编制（依据《建设项目水资源论证管理办法》第六条，由申请人委托有能力的单位编制）",
    "中介服务：施工图审查（设定依据：《建设工程质量管理条例》第十一条）",
    "涉及中介服务：林业调查规划设计，依据《中华人民共和国森林法实施条例》第三十条",
]
INTERMEDIARY_NO_BASIS = [
    "中介服务：需委托有资质的中介机构出具评价报告",
    "涉及中介服务：建设项目水资源论证报告编制",
    "需由第三方检测机构出具检测报告",
]
NONE_SPECIAL = ["无", "不涉及", "无中介服务；无特殊环节", "本事项不涉及中介服务和特殊环节", "中介服务：无；特殊环节：无"]


def uscc(area6: str, org9: str, valid: bool = True) -> str:
    first17 = "11" + area6 + org9
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    check = ALPHABET[(31 - total % 31) % 31]
    if not valid:
        check = ALPHABET[(ALPHABET.index(check) + 7) % 31]
    return first17 + check


def tail13(rng: random.Random) -> str:
    return f"{rng.choice('1234')}000{rng.choice('1234')}{rng.randint(0, 99):02d}{rng.randint(1, 30):03d}000"


def phone(rng: random.Random, area: str) -> str:
    n = f"{rng.randint(2, 8)}{rng.randint(0, 9999999):07d}" if len(area) <= 3 else f"{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"
    if len(area) == 4 and rng.random() < 0.5:
        n = n + str(rng.randint(0, 9))
    return rng.choice([f"{area}-{n}", f"{area} {n}", f"（{area}）{n}", f"{area}-{n}"])


def base_spec(rng: random.Random, i: int) -> dict:
    prov, city, area, streets, depts = PROVINCES[i % len(PROVINCES)]
    dept, org = depts[(i // len(PROVINCES)) % len(depts)]
    name, itype, basis, forms, others = ITEMS[i % len(ITEMS)]
    legal = rng.choice([20, 20, 30, 15, 45, 60])
    unit = rng.choice(["工作日", "工作日", "工作日", "自然日"])
    promised = max(1, legal // rng.choice([2, 3, 4]))
    street = rng.choice(streets)
    floor = rng.randint(1, 4)
    room = rng.choice([f"{floor}楼{rng.randint(1, 40)}号窗口", f"{floor}楼{floor}{rng.randint(1, 30):02d}室",
                       f"{floor}层综合受理区{rng.randint(1, 30)}号窗口", f"{floor}楼{rng.choice('ABC')}区{rng.randint(1, 20)}号窗口"])
    centre = rng.choice([f"{city}民中心", f"{prov}政务服务中心", f"{city}行政服务中心", f"{city}政务服务中心"])
    hours = rng.choice([
        "星期一至星期五：上午09:00—12:00，下午13:00—17:00",
        "周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）",
        "工作日 上午8:30—12:00 下午14:30—17:30",
        "星期一至星期五：09:00—17:00（法定节假日除外，中午不休息）",
        "周一至周五：上午8:30-12:00；下午1:30-5:00",
    ])
    steps = [("受理", "1个工作日", "窗口受理人员", "申请材料齐全、符合法定形式", "受理通知书"),
             ("审查", f"{max(1, promised - 3)}个工作日", "业务处室审核人员", "符合法定条件和标准", "审查意见"),
             ("决定", "1个工作日", "分管负责人", "依法作出决定", "准予许可决定书"),
             ("送达", "1个工作日", "窗口工作人员", "按申请人选择的方式送达", "证照送达")]
    if rng.random() < 0.3:
        steps[-1] = ("办结", "1个工作日", "窗口工作人员", "材料归档", "办结")
    mats = []
    for f in forms:
        mats.append({"name": f, "source": "申请人自备", "issuer": "", "count": "1", "orig": "原件",
                     "medium": rng.choice(["纸质", "纸质和电子", "电子"]), "category": "申请表格文书", "form": True,
                     "blank": f"/download/{i}/{f}-空表.docx", "sample": f"/download/{i}/{f}-样表.pdf"})
    for n, src, iss in others:
        mats.append({"name": n, "source": src, "issuer": iss, "count": "1",
                     "orig": rng.choice(["原件", "复印件", "原件和复印件"]), "medium": rng.choice(["纸质", "纸质", "电子", "纸质和电子"]),
                     "category": "证件证书证明" if src == "政府部门核发" else "其他", "form": False, "blank": "", "sample": ""})
    visits = rng.choice(["0", "0", "1", "1", "2"])
    return {
        "prov": prov, "city": city, "area": area, "dept": dept,
        "name": name, "type": itype, "basis": basis,
        "impl_code": uscc(AREA[prov], org) + tail13(rng),
        "kind": "承诺件", "legal": f"{legal}个{unit}", "promised": f"{promised}个{unit}",
        "visits": visits, "visits_note": "需到窗口核验原件" if visits != "0" else "",
        "depth": "Ⅳ级" if visits == "0" and rng.random() < 0.5 else rng.choice(["Ⅱ级", "Ⅲ级"]),
        "special": rng.choice(NONE_SPECIAL),
        "windows": [{"name": f"{dept}窗口", "addr": f"{prov}{city}{street}{centre}{room}",
                     "hours": hours, "phone": phone(rng, area)}],
        "materials": mats,
        "steps": [dict(zip(("name", "limit", "who", "std", "result"), s)) for s in steps],
    }


# ---------------------------------------------------------------- variations: (element, verdict, why) or None
def mat_of(spec, rng, *, form=None):
    pool = [m for m in spec["materials"] if form is None or m["form"] == form]
    return rng.choice(pool)


def v_legal_bare(spec, rng):
    v = rng.choice(["20天", "10日", "3个月", "30天", "15日"])
    spec["legal"] = v
    return ("E1-1", "不合格", f"法定办结时限写“{v}”，未说明工作日还是自然日（{EV['E1-1']}）")


def v_legal_missing(spec, rng):
    spec["legal"] = rng.choice(["", "—", "无"])
    return ("E1-1", "不合格", f"未标注法定办结时限（{EV['E1-1']}）")


def v_legal_note(spec, rng):   # near-miss
    spec["legal"] = rng.choice(["20个工作日（不含专家评审时间）", "20个工作日（依法需要听证、检验、检测、鉴定和专家评审的，所需时间不计算在内）",
                                "60个自然日（不含公示时间）", "二十个工作日", "20 个工作日", "20工作日"])
    if not spec["legal"].startswith("60"):
        spec["promised"] = "10个工作日"


def v_promised_bare(spec, rng):
    v = rng.choice(["15天", "5日", "1个月", "7天"])
    spec["promised"] = v
    return ("E1-2", "不合格", f"承诺办结时限写“{v}”，未说明工作日还是自然日（{EV['E1-2']}）")


def v_promised_missing(spec, rng):
    spec["promised"] = ""
    return ("E1-2", "不合格", f"未标注承诺办结时限（{EV['E1-2']}）")


def v_promised_note(spec, rng):   # near-miss
    u = "工作日" if "工作日" in spec["legal"] else "自然日"
    spec["promised"] = rng.choice([f"5个{u}（不含现场勘查时间）", f"10个{u}（专家评审时间不计算在内）", f"3个{u}"])


def v_instant(spec, rng):   # near-miss: 即办件 forms
    spec["kind"] = "即办件"
    spec["promised"] = rng.choice(["即办", "当场办结", "0个工作日", "即时办结", "即来即办", "立即办理"])
    spec["visits"], spec["visits_note"], spec["depth"] = "1", "到窗口当场办结", "Ⅲ级"
    for s in spec["steps"]:
        s["limit"] = rng.choice(["即时", "当场", "即办"])


def v_promised_longer(spec, rng):
    m = re.fullmatch(r"(\d+)个(工作日|自然日)", spec["legal"])
    if not m:
        return None                # the legal limit was already broken: nothing to compare with
    n, u = int(m.group(1)), m.group(2)
    spec["promised"] = f"{n + 10}个{u}"
    return ("E1-2", "不合格", f"承诺期限{n + 10}个{u}长于法定期限{spec['legal']}，承诺期限不准确（办事指南准确度：要素信息的准确性）")


def v_addr_no_number(spec, rng):
    w = spec["windows"][0]
    street = next(s for s in PROVINCES if s[0] == spec["prov"])[3][0]
    road = street.split("号")[0].rstrip("0123456789")
    w["addr"] = f"{spec['prov']}{spec['city']}{road}{spec['city']}政务服务中心2楼12号窗口"
    return ("E1-3", "不合格", f"办理地点只有街道名称，没有门牌号（{EV['E1-3']}）")


def v_addr_no_room(spec, rng):
    w = spec["windows"][0]
    street = next(s for s in PROVINCES if s[0] == spec["prov"])[3][1]
    w["addr"] = f"{spec['prov']}{spec['city']}{street}"
    return ("E1-3", "不合格", f"办理地点只写到门牌号，没有房间号或窗口号（{EV['E1-3']}）")


def v_addr_building_only(spec, rng):
    spec["windows"][0]["addr"] = f"{spec['city']}政务服务中心"
    return ("E1-3", "不合格", f"办理地点只写大厅名称，没有街道名称、门牌号、窗口号（{EV['E1-3']}）")


def v_addr_floor_only(spec, rng):
    street = next(s for s in PROVINCES if s[0] == spec["prov"])[3][2]
    spec["windows"][0]["addr"] = f"{spec['city']}{street}{spec['city']}政务服务中心二楼综合服务大厅"
    return ("E1-3", "需人工复核", "有街道门牌和楼层但无房间号或窗口号；大厅窗口是否固定需人工判断")


def v_addr_missing(spec, rng):
    spec["windows"][0]["addr"] = ""
    return ("E1-3", "不合格", f"未标注办理地点（{EV['E1-3']}）")


def v_hours_days_only(spec, rng):
    spec["windows"][0]["hours"] = rng.choice(["工作日", "法定工作日（节假日除外）", "周一至周五"])
    return ("E1-4", "不合格", f"办理时间只写了哪几天，没有具体受理时间段（{EV['E1-4']}）")


def v_hours_times_only(spec, rng):
    spec["windows"][0]["hours"] = rng.choice(["09:00-12:00，13:30-17:00", "上午9:00—12:00 下午13:00—17:00"])
    return ("E1-4", "不合格", f"办理时间只有时间段，没有写明星期几受理（{EV['E1-4']}）")


def v_hours_missing(spec, rng):
    spec["windows"][0]["hours"] = ""
    return ("E1-4", "不合格", f"未标注办理时间（{EV['E1-4']}）")


def v_hours_variant(spec, rng):   # near-miss
    spec["windows"][0]["hours"] = rng.choice([
        "周一至周五上午8:30-12:00，下午2:30-5:30（夏季），下午2:00-5:00（冬季）",
        "星期一至星期五 上午9时至12时，下午1时30分至5时30分",
        "法定工作日：9:00-17:00",
        "周一至周日 9:00-17:00（春节假期除外）",
    ])


def v_phone_12345(spec, rng):
    spec["windows"][0]["phone"] = rng.choice(["12345", f"{spec['area']}-12345", "12345政务服务便民热线"])
    return ("E1-5", "不合格", f"咨询电话只写12345热线，不是受理部门的联系电话（{EV['E1-5']}）")


def v_phone_missing(spec, rng):
    spec["windows"][0]["phone"] = rng.choice(["", "暂无"])
    return ("E1-5", "不合格", f"未标注受理部门的联系电话（{EV['E1-5']}）")


def v_phone_variant(spec, rng):   # near-miss
    a = spec["area"]
    spec["windows"][0]["phone"] = rng.choice([
        f"{a}-66608512", f"（{a}）2262203", f"{a} 86061234", "400-818-6666", "4008186666",
        f"{a}-86061234转8001", f"{a}-86061234、86061235", f"{a}-86061234；12345", "13905318866",
    ])


def v_phone_local(spec, rng):   # was a reading (需人工复核); GUIDE_RULES is explicit: an area code and number
    spec["windows"][0]["phone"] = "86061234"
    return ("E1-5", "不合格", f"电话号码未带区号，外地无法拨通受理部门（{EV['E1-5']}；GUIDE_RULES：区号加号码）")


def v_special_empty(spec, rng):
    spec["special"] = rng.choice(["", None])
    return ("E1-6", "不合格", f"中介服务/特殊环节栏为空或缺失，未作任何标注（{EV['E1-6']}）")


def v_special_steps(spec, rng):   # near-miss: a special step only needs marking
    spec["special"] = rng.choice(SPECIAL_STEPS)
    spec["steps"].insert(2, {"name": "现场勘查", "limit": "5个工作日", "who": "核查人员", "std": "场所与申报一致",
                             "result": "核查意见"})


def v_intermediary_basis(spec, rng):   # near-miss
    spec["special"] = rng.choice(INTERMEDIARY_WITH_BASIS)


def v_intermediary_no_basis(spec, rng):
    spec["special"] = rng.choice(INTERMEDIARY_NO_BASIS)
    return ("E1-6", "不合格", f"标注了中介服务但未提供设定依据（{EV['E1-6']}）")


def v_special_none_but_step(spec, rng):
    spec["special"] = "无"
    spec["steps"].insert(2, {"name": "现场勘查", "limit": "5个工作日", "who": "核查人员", "std": "场所与申报一致",
                             "result": "核查意见"})
    return ("E1-6", "需人工复核", "特殊环节写“无”但流程含现场勘查环节，指南自相矛盾，需人工判断")


def v_source_missing(spec, rng):
    m = mat_of(spec, rng, form=False)
    m["source"], m["issuer"] = "", ""
    return ("E2-1", "不合格", f"材料“{m['name']}”既无来源也无出具单位（{EV['E2-1']}）")


def v_source_role(spec, rng):   # near-miss: applicant-dependent issuer
    m = mat_of(spec, rng, form=False)
    m["source"], m["issuer"] = "政府部门核发", rng.choice(["业务主管单位", "户籍所在地派出所", "户口所在地公安派出所",
                                                       "申请人所在地乡镇人民政府（街道办事处）", "原发证机关"])


def v_source_no_issuer(spec, rng):
    m = mat_of(spec, rng, form=False)
    m["source"], m["issuer"] = "政府部门核发", ""
    return ("E2-1", "需人工复核", f"材料“{m['name']}”来源写政府部门核发但未写出具部门；评估措辞是“来源或出具部门”，需人工判断")


def v_copies_missing(spec, rng):
    m = mat_of(spec, rng)
    m["count"] = rng.choice(["", "若干", "按需提供"])
    m["count_only"] = True
    return ("E2-2", "不合格", f"材料“{m['name']}”未写明份数（{EV['E2-2']}）")


def v_copies_units(spec, rng):   # near-miss
    for m in spec["materials"]:
        m["count"] = rng.choice(["1张", "2张", "1本", "1套", "2份", "一份", "3"])


def v_copies_zero(spec, rng):   # was a reading (需人工复核); GUIDE_RULES is explicit: empty or 0 fails
    m = mat_of(spec, rng, form=False)
    m["count"], m["count_only"] = "0", True
    return ("E2-2", "不合格", f"材料“{m['name']}”份数写0，不是所需材料的份数（{EV['E2-2']}；GUIDE_RULES：0 不合格）")


def v_type_missing(spec, rng):
    m = mat_of(spec, rng, form=False)
    m["orig"], m["medium"] = "", ""
    return ("E2-3", "不合格", f"材料“{m['name']}”既未写原件/复印件也未写纸质/电子（{EV['E2-3']}）")


def v_medium_missing(spec, rng):
    m = mat_of(spec, rng, form=False)
    m["medium"] = ""
    if not m["orig"]:
        m["orig"] = "原件"
    return ("E2-3", "不合格", f"材料“{m['name']}”未写材料形式（纸质/电子）（{EV['E2-3']}）")


def v_catchall(spec, rng):
    n = rng.choice(["办公场所产权证明、租赁合同等材料", "其他相关材料", "其他材料", "视情况提供的补充材料",
                    "补充材料（以窗口告知为准）", "相关部门要求的其他证明", "相关材料"])
    spec["materials"].append({"name": n, "source": "申请人自备", "issuer": "", "count": "1", "orig": "复印件",
                              "medium": "纸质", "category": "其他", "form": False, "blank": "", "sample": ""})
    return ("E2-x", "不合格", f"材料名称“{n}”是兜底性/有歧义的表述（{EV['E2-x']}）")


def v_names_near(spec, rng):   # near-miss
    n = rng.choice(["高等学校毕业证书", "普通话水平测试等级证书", "中等职业学校学历证明", "委托书（委托他人办理的提供）",
                    "同等学力证明"])
    spec["materials"].append({"name": n, "source": "其他", "issuer": "发证学校或机构", "count": "1", "orig": "复印件",
                              "medium": "纸质", "category": "证件证书证明", "form": False, "blank": "", "sample": ""})


def v_step_no_limit(spec, rng):
    s = rng.choice(spec["steps"][1:])
    s["limit"] = rng.choice(["", "—"])
    return ("E3-1", "不合格", f"流程环节“{s['name']}”没有办理时限（{EV['E3-1']}）")


def v_steps_missing(spec, rng):
    spec["steps"] = []
    return ("E3-1", "不合格", f"未公布办理流程（{EV['E3-1']}）")


def v_steps_stop(spec, rng):
    spec["steps"] = spec["steps"][:2]
    return ("E3-1", "不合格", "流程止于审查，没有决定/办结/送达环节，缺办理结果（E3“内容应包含…办理结果”；城市版“涵盖受理、审核、审批、办结、送达”）")


def v_steps_no_who(spec, rng):   # near-miss: the 2020 wording asks no handler
    for s in spec["steps"]:
        s["who"] = ""


def v_visits_missing(spec, rng):
    spec["visits"], spec["visits_note"] = rng.choice(["", "视情况", "—"]), ""
    return ("E3-2", "不合格", f"未标注到现场次数（{EV['E3-2']}）")


def v_visits_plain(spec, rng):   # near-miss: a number is enough
    spec["visits"] = rng.choice(["1", "1次", "一次", "最多跑一次", "2"])
    spec["visits_note"] = ""
    spec["depth"] = "Ⅲ级" if spec["visits"] != "2" else "Ⅱ级"


def v_visits_iv(spec, rng):
    spec["visits"], spec["depth"], spec["visits_note"] = "1", "Ⅳ级", ""
    return ("E3-2", "不合格", "网办深度标为Ⅳ级（“整个办事过程无需到现场办理”）却标注到现场1次，次数标注不准确（E3-2与深度四级标准）")


def v_form_no_sample(spec, rng):
    m = mat_of(spec, rng, form=True)
    m["sample"] = ""
    return ("E4", "不合格", f"申请表“{m['name']}”未提供示范样表下载（{EV['E4']}）")


def v_form_no_blank(spec, rng):
    m = mat_of(spec, rng, form=True)
    m["blank"] = ""
    return ("E4", "不合格", f"申请表“{m['name']}”未提供空白表格下载（{EV['E4']}）")


def v_code_check(spec, rng):
    prov = spec["prov"]
    org = next(d for p in PROVINCES if p[0] == prov for d in p[4] if d[0] == spec["dept"])[1]
    spec["impl_code"] = uscc(AREA[prov], org, valid=False) + tail13(rng)
    return ("D2", "不合格", "实施编码前18位统一社会信用代码校验位错误（GB 32100），编码不规范（D2）")


def v_code_length(spec, rng):
    spec["impl_code"] = spec["impl_code"][:-1]
    return ("D2", "不合格", "实施编码只有30位，不是31位（D2 实施编码）")


def v_code_missing(spec, rng):
    spec["impl_code"] = ""
    return ("D2", "不合格", f"未标注事项编码（{EV['D2']}）")


def v_code_letter_tail(spec, rng):
    spec["impl_code"] = spec["impl_code"][:25] + "A" + spec["impl_code"][26:]
    return ("D2", "不合格", "实施编码后13位含字母，不是13位数字（D2 实施编码）")


def v_code_any_tail(spec, rng):   # near-miss: no 事项类型 may be inferred from the digits
    spec["impl_code"] = spec["impl_code"][:18] + rng.choice(["4000107001000", "1000199001000", "2000320017000",
                                                             "9900000000000"])


DEFECTS = [v_legal_bare, v_legal_missing, v_promised_bare, v_promised_missing, v_promised_longer,
           v_addr_no_number, v_addr_no_room, v_addr_building_only, v_addr_missing, v_hours_days_only,
           v_hours_times_only, v_hours_missing, v_phone_12345, v_phone_missing, v_special_empty,
           v_intermediary_no_basis, v_source_missing, v_copies_missing, v_type_missing, v_medium_missing,
           v_catchall, v_catchall, v_step_no_limit, v_step_no_limit, v_steps_missing, v_steps_stop,
           v_visits_missing, v_visits_iv, v_form_no_sample, v_form_no_blank, v_code_check, v_code_length,
           v_code_missing, v_code_letter_tail,
           v_copies_missing, v_copies_missing, v_source_missing, v_source_missing, v_legal_bare, v_legal_missing,
           v_phone_12345, v_visits_missing, v_special_empty, v_intermediary_no_basis]
REVIEWS = [v_addr_floor_only, v_phone_local, v_special_none_but_step, v_source_no_issuer, v_copies_zero]
# which elements a near-miss rewrites: it is skipped when one of them already carries a label
TOUCHES = {"v_legal_note": {"E1-1", "E1-2"}, "v_promised_note": {"E1-2"}, "v_instant": {"E1-2", "E3-1", "E3-2"},
           "v_hours_variant": {"E1-4"}, "v_phone_variant": {"E1-5"}, "v_special_steps": {"E1-6", "E3-1"},
           "v_intermediary_basis": {"E1-6"}, "v_source_role": {"E2-1"}, "v_copies_units": {"E2-2", "E2-3"},
           "v_names_near": {"E2-x"}, "v_steps_no_who": {"E3-1"}, "v_visits_plain": {"E3-2"},
           "v_code_any_tail": {"D2"}}
NEAR = [v_legal_note, v_promised_note, v_instant, v_hours_variant, v_phone_variant, v_special_steps,
        v_intermediary_basis, v_source_role, v_copies_units, v_names_near, v_steps_no_who, v_visits_plain,
        v_code_any_tail]


# ---------------------------------------------------------------- rendering per portal style
def _count_cell(m, style):
    c = m["count"]
    if m.get("count_only") or not c:
        return c
    return c


def render(spec: dict, style: str) -> dict:
    s = spec
    w = s["windows"][0]
    raw: dict = {"事项名称": s["name"], "实施主体": s["dept"], "事项类型": s["type"]}
    code_label = {"sd": "实施编码", "fj": "事项编码", "gd": "实施编码", "zj": "事项编码"}[style]
    raw[code_label] = s["impl_code"]
    labels = {
        "sd": ("法定办结时限", "承诺办结时限", "到办事现场次数", "中介服务"),
        "fj": ("法定时限", "承诺时限", "到现场次数", "特殊环节"),
        "gd": ("法定期限", "承诺期限", "到现场次数", "中介服务及特殊环节"),
        "zj": ("法定办理时限", "承诺办理时限", "到办事现场次数", "特别程序"),
    }[style]
    raw["办件类型"] = s["kind"]
    raw[labels[0]] = s["legal"]
    raw[labels[1]] = s["promised"]
    visits = s["visits"]
    if style == "gd" and s["visits_note"] and visits:
        visits = f"{visits}次（{s['visits_note']}）" if visits.isdigit() else visits
    raw[labels[2]] = visits
    if style in ("sd", "zj") and s["visits_note"]:
        raw["到现场次数说明"] = s["visits_note"]
    raw["网上办理深度"] = s["depth"]
    if s["special"] is not None:
        raw[labels[3]] = s["special"]
    raw["设定依据"] = s["basis"]
    if style == "sd":
        raw["办理地点"], raw["办理时间"], raw["咨询电话"] = w["addr"], w["hours"], w["phone"]
    else:
        raw["办理窗口"] = [{"窗口名称": w["name"], "办理地点": w["addr"], "办理时间": w["hours"], "咨询电话": w["phone"]}]
    mats = []
    for m in s["materials"]:
        if style == "sd":      # 材料类型 = 原件/复印件 (the evaluation's meaning); 来源渠道 + 来源渠道说明
            row = {"材料名称": m["name"], "来源渠道": m["source"], "来源渠道说明": m["issuer"],
                   "纸质材料份数": m["count"], "材料类型": m["orig"], "材料形式": m["medium"]}
        elif style == "fj":    # 材料类型 = 申请表格文书 / 证件证书证明; 原件 sits in the 份数 cell
            cnt, med = m["count"], m["medium"]
            if m.get("count_only"):        # no count: the 原件/复印件 moves to the 介质 cell
                med = f"{med}（{m['orig']}）" if med and m["orig"] else med or m["orig"]
            elif cnt and m["orig"]:
                cnt = f"{m['orig']}{cnt}" + ("" if cnt[-1] in "份张本套" else "份")
            row = {"材料名称": m["name"], "材料类型": m["category"], "来源渠道": m["source"], "出具单位": m["issuer"],
                   "份数": cnt, "介质": med}
        elif style == "gd":    # 来源渠道说明 without 来源渠道 for issued papers; 材料类型 = 原件/复印件
            row = {"材料名称": m["name"], "来源渠道": m["source"], "来源渠道说明": m["issuer"], "份数": m["count"],
                   "材料类型": m["orig"], "材料形式": m["medium"]}
        else:                  # zj: one 来源/出具单位 column; 介质 holds 纸质原件 etc.
            src = m["source"] + (f"/{m['issuer']}" if m["issuer"] else "")
            med = f"{m['medium']}（{m['orig']}）" if m["medium"] and m["orig"] else m["medium"] or m["orig"]
            row = {"材料名称": m["name"], "来源/出具单位": src, "份数": m["count"], "介质": med,
                   "材料分类": m["category"]}
        if m["form"]:
            row["空表"], row["样表"] = m["blank"], m["sample"]
        mats.append(row)
    raw["申请材料"] = mats
    flow = []
    for st in s["steps"]:
        if style in ("sd", "gd"):
            flow.append({"办理环节": st["name"], "办理时限": st["limit"], "办理人员": st["who"],
                         "审查标准": st["std"], "办理结果": st["result"]})
        else:
            flow.append({"环节名称": st["name"], "时限": st["limit"], "岗位": st["who"], "审批标准": st["std"]})
    raw["办理流程"] = flow
    return raw


STYLES = {
    "sd": "山东式：法定办结时限/承诺办结时限/到办事现场次数；来源渠道+来源渠道说明；纸质材料份数；材料类型=原件/复印件；材料形式",
    "fj": "福建式：法定时限/承诺时限/到现场次数；办理窗口表；材料类型=申请表格文书/证件证书证明；出具单位；份数格含原件",
    "gd": "广东式：法定期限/承诺期限；到现场次数格内带原因；来源渠道说明；份数；材料类型=原件/复印件；材料形式",
    "zj": "浙江式：法定办理时限/承诺办理时限；特别程序；来源/出具单位合并格；介质格写“纸质原件”；材料分类",
}


def _cycle(fns, rng):
    """Every variation in turn, reshuffled each round, so each one is used about equally often."""
    while True:
        order = list(fns)
        rng.shuffle(order)
        yield from order


def build(n_per_style: int = 42, seed: int = 20261124) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    out: dict[str, list[dict]] = {k: [] for k in STYLES}
    k = 0
    defects = _cycle(DEFECTS, rng)
    reviews = _cycle(REVIEWS, rng)
    for style in STYLES:
        for j in range(n_per_style):
            spec = base_spec(rng, k)
            expect: dict[str, dict] = {}
            r = j % 6
            picks = []
            if r in (0, 1):            # clean, possibly with near-misses
                picks = rng.sample(NEAR, rng.choice([0, 1, 2]))
            elif r in (2, 3):          # one defect, maybe one near-miss
                picks = [next(defects)] + rng.sample(NEAR, rng.choice([0, 1]))
            elif r == 4:               # two defects
                picks = [next(defects), next(defects)]
            else:                      # a reading only: 需人工复核, plus a near-miss
                picks = [next(reviews)] + rng.sample(NEAR, 1)
            for fn in picks:
                if TOUCHES.get(fn.__name__, set()) & set(expect):
                    continue
                before = copy.deepcopy(spec)
                try:
                    label = fn(spec, rng)
                except IndexError:         # e.g. a step defect after the 流程 was emptied
                    spec = before
                    continue
                if label:
                    el, verdict, why = label
                    if el in expect:       # one label per element: keep the first, undo the second
                        spec = before
                        continue
                    expect[el] = {"verdict": verdict, "why": why}
            out[style].append({"id": f"{style}-{j + 1:03d}", "raw": render(spec, style), "expect": expect})
            k += 1
    return out


def main() -> None:
    for style, guides in build().items():
        path = HERE / f"corpus-{style}.json"
        path.write_text(json.dumps({"style": style, "labels": STYLES[style], "guides": guides},
                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(guides)} guides, "
              f"{sum(len(g['expect']) for g in guides)} labelled elements")


if __name__ == "__main__":
    main()
