"""Build sandbox/data/catalogue.json, the fictional 江澜省 service catalogue, from the data files in
sandbox/data/source/ (departments, shared materials, items, defects, search expectations).

Run from the repository root:  python sandbox/data/build_catalogue.py   (--check: compare, do not write)
Deterministic (no randomness). Schema: docs/CONTRACTS.md section 3. Element rules: docs/GUIDE_RULES.md.

Every guide is first built clean; a few then get the realistic element defects of defects.yaml, and
those are recorded in the item's ``ground_truth``. A self-check at the end re-derives every
mechanically checkable rule and asserts that clean guides pass all of them and defective guides fail
exactly the elements in their ground truth. tests/unit/test_catalogue_build.py asserts that the build
equals the committed catalogue.json.
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "catalogue.json"
SOURCE = HERE / "source"

# --------------------------------------------------------------------------- codes
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_digit(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a 统一社会信用代码."""
    assert len(first17) == 17, first17
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    return (len(code) == 18 and all(c in USCC_ALPHABET for c in code)
            and uscc_check_digit(code[:17]) == code[17])


def org_code_check_digit(first8: str) -> str:
    """GB 11714 check character of the 9-char 组织机构代码 embedded in positions 9-17 of a USCC."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in first8]
    c9 = 11 - sum(v * w for v, w in zip(vals, weights)) % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def make_uscc(org8: str, region: str = "390000") -> str:
    """11 = 机构编制部门登记 + 机关; region 390000 is an unassigned (fictional) province code."""
    org9 = org8 + org_code_check_digit(org8)
    first17 = "11" + region + org9
    return first17 + uscc_check_digit(first17)


# Known real-world codes to prove the check functions (华为技术有限公司).
assert uscc_valid("914403001922038216")
assert org_code_check_digit("19220382") == "1"


# Known real-world codes to prove the check functions (华为技术有限公司).
assert uscc_valid("914403001922038216")
assert org_code_check_digit("19220382") == "1"


def _load(name: str) -> dict:
    path = SOURCE / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}:1: expected a mapping")
    return data


PLACES = _load("departments.yaml")
TYPE_CODES: dict[str, str] = PLACES["type_codes"]
TYPE_NAMES = {v: k for k, v in TYPE_CODES.items()}
HANDLERS: dict[str, str] = PLACES["handlers"]
HALL, YC_HALL = PLACES["hall"], PLACES["yc_hall"]
DEPTS: list[dict] = [dict(d, uscc=make_uscc(d["org8"])) for d in PLACES["departments"]]
DEPT = {d["code"]: d for d in DEPTS}
DEPT_INDEX = {d["code"]: i + 1 for i, d in enumerate(DEPTS)}
LIBRARY: dict[str, dict] = _load("materials.yaml")["materials"]
SEARCH_EXPECT: dict[str, list[str]] = _load("search_expect.yaml")["search_expect"]
DEFECTS: dict[str, list[dict]] = _load("defects.yaml")["defects"]


def windows(dept: str, rows: str, n: int) -> list[dict]:
    """rows: letters h (provincial hall), o (department office), y (云川市 window)."""
    d = DEPT[dept]
    out = []
    for r in rows:
        if r == "h":
            floor, first = d["hall"]
            out.append({"name": f"{d['short']}政务服务窗口", "地址": f"{HALL}{floor}楼{first + n % 4}号窗口",
                        "办理时间": PLACES["hours"]["hall"], "咨询电话": d["phone"]})
        elif r == "o":
            out.append(dict(d["office"]))
        elif r == "y":
            out.append({"name": d["yc"]["name"], "地址": f"{YC_HALL}2楼{10 + DEPT_INDEX[dept]}号窗口",
                        "办理时间": PLACES["hours"]["yc"], "咨询电话": d["yc"]["咨询电话"]})
    return out


# --------------------------------------------------------------------------- materials
MATERIAL_KEYS = {"名称", "来源", "出具单位", "份数", "介质", "必要性", "表格"}


def material(spec) -> dict:
    """A material of items.yaml: a name from materials.yaml, or spelled out (defaults: materials.yaml)."""
    if isinstance(spec, str):
        if spec not in LIBRARY:
            raise SystemExit(f"unknown material {spec!r} (materials.yaml has: {', '.join(LIBRARY)})")
        spec = LIBRARY[spec]
    unknown = set(spec) - MATERIAL_KEYS
    if unknown or "名称" not in spec:
        raise SystemExit(f"material {spec!r}: needs 名称; unknown keys {sorted(unknown)}")
    is_form = "表格" in spec
    source = spec.get("来源", "申请人自备")
    medium = "纸质/电子化" if is_form or source == "政府部门核发" else "纸质"
    return {"名称": spec["名称"], "来源": source, "出具单位": spec.get("出具单位", ""),
            "份数": spec.get("份数", "原件1份"), "介质": spec.get("介质", medium),
            "必要性": spec.get("必要性", "必要"), "is_form": is_form,
            "blank": spec["表格"] if is_form else None, "sample": None}


# --------------------------------------------------------------------------- 流程
def flow(kind: str, promise: str, cert: bool, end: str) -> list[dict]:
    steps = ["受理", "审查", "决定"] + (["制证"] if cert else []) + [end]
    if kind == "即办件":
        return [{"环节": s, "时限": "即时", "办理人": HANDLERS[s]} for s in steps]
    mm = re.match(r"(\d+)个(工作日|自然日)", promise)
    n, unit = int(mm.group(1)), mm.group(2)
    out = []
    if n >= len(steps):
        for s in steps:
            days = n - (len(steps) - 1) if s == "审查" else 1
            out.append({"环节": s, "时限": f"{days}个{unit}", "办理人": HANDLERS[s]})
    else:
        for s in steps:
            out.append({"环节": s, "时限": f"{n}个{unit}" if s == "审查" else "即时",
                        "办理人": HANDLERS[s]})
    return out


# --------------------------------------------------------------------------- items
ITEM_KEYS = {"name", "aliases", "audience", "type_code", "kind", "legal", "promise", "depth", "visits",
             "visits_note", "special", "rows", "materials", "fee", "basis", "cert", "end"}


def item_specs() -> list[dict]:
    """items.yaml as build specs, numbered per department in file order."""
    out = []
    for dept, items in _load("items.yaml")["items"].items():
        if dept not in DEPT:
            raise SystemExit(f"items.yaml: unknown department {dept!r} (known: {', '.join(DEPT)})")
        for n, spec in enumerate(items, 1):
            missing = ITEM_KEYS - {"cert", "end"} - set(spec)
            unknown = set(spec) - ITEM_KEYS
            if missing or unknown:
                raise SystemExit(f"items.yaml {dept} #{n} {spec.get('name')}: missing {sorted(missing)}, "
                                 f"unknown {sorted(unknown)}")
            out.append(dict(spec, dept=dept, n=n, materials=[material(m) for m in spec["materials"]],
                            cert=bool(spec.get("cert", False)), end=spec.get("end", "送达")))
    return out


# --------------------------------------------------------------------------- defects
def _bad_check_digit(it: dict) -> None:
    code = it["impl_code"]
    good = code[17]
    bad = USCC_ALPHABET[(USCC_ALPHABET.index(good) + 7) % 31]
    it["impl_code"] = code[:17] + bad + code[18:]


def apply_op(op: dict, it: dict) -> None:
    """One edit of defects.yaml on a built item (its guide, or for bad_check_digit the item)."""
    g = it["guide"]
    kind = op.get("op")
    if kind == "set":
        g.update(op["fields"])
    elif kind == "window":
        g["windows"][op["index"]].update(op["set"])
    elif kind == "only_window":
        g["windows"][:] = [g["windows"][op["index"]]]
    elif kind == "material":
        g["materials"][op["index"]].update(op["set"])
    elif kind == "add_material":
        g["materials"].append(material(copy.deepcopy(op["material"])))
    elif kind == "step":
        g["流程"][op["index"]].update(op["set"])
    elif kind == "drop_last_step":
        g["流程"].pop()
    elif kind == "no_sample":
        next(x for x in g["materials"] if x["is_form"])["sample"] = None
    elif kind == "bad_check_digit":
        _bad_check_digit(it)
    else:
        raise SystemExit(f"defects.yaml: unknown op {kind!r} in {op!r}")


# --------------------------------------------------------------------------- build
def build_item(spec: dict) -> dict:
    d = DEPT[spec["dept"]]
    iid = f"{spec['dept']}-{spec['n']:03d}"
    tcode = spec["type_code"]
    basic = f"{tcode}{DEPT_INDEX[spec['dept']]:02d}{spec['n']:03d}00100"
    assert len(basic) == 12, basic
    mats = copy.deepcopy(spec["materials"])
    k = 0
    for mat in mats:
        if mat["is_form"]:
            k += 1
            ext = mat["blank"]
            stem = iid if k == 1 else f"{iid}-{k}"
            mat["blank"], mat["sample"] = f"{stem}-blank.{ext}", f"{stem}-sample.{ext}"
    guide = {
        "事项类型": TYPE_NAMES[tcode], "事项类型代码": tcode,
        "办件类型": spec["kind"],
        "法定办结时限": spec["legal"],
        "承诺办结时限": spec["promise"],
        "承诺办结时限_label": d["label"],
        "到现场次数": spec["visits"], "到现场次数说明": spec["visits_note"],
        "网办深度": spec["depth"],
        "特殊环节": spec["special"],
        "windows": windows(spec["dept"], spec["rows"], spec["n"]),
        "materials": mats,
        "流程": flow(spec["kind"], spec["promise"], spec["cert"], spec["end"]),
        "收费": spec["fee"],
        "设定依据": spec["basis"],
    }
    it = {"id": iid, "name": spec["name"], "aliases": list(spec["aliases"]), "dept": spec["dept"],
          "audience": spec["audience"], "impl_code": d["uscc"] + "1" + basic,
          "guide": guide, "ground_truth": []}
    for defect in DEFECTS.get(iid, []):
        for op in defect["ops"]:
            apply_op(op, it)
        it["ground_truth"].append({"element": defect["element"], "why": defect["why"]})
    return it


# --------------------------------------------------------------------------- self-check
DUR_RE = re.compile(r"^\s*(\d{1,3})\s*个?\s*(工作日|自然日)\s*$")
STREET_RE = re.compile(r"路|街|大道|巷|弄|胡同")
DOOR_RE = re.compile(r"\d+(-\d+)?号")
ROOM_RE = re.compile(r"楼|层|室|窗口")
DAYS_RE = re.compile(r"周一至周五|星期一至星期五|工作日")
TIME_RE = re.compile(r"\d{1,2}:\d{2}\s*[-–~至]\s*\d{1,2}:\d{2}")
PHONE_RE = re.compile(r"0\d{2,3}-?\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|400-?\d{3}-?\d{4}")
SPECIAL_KW = ("评审", "评估", "现场勘查", "检测", "公示")
ISSUER_RE = re.compile(r"(局|厅|委|中心|派出所|公安机关)$")
FALLBACK_RE = re.compile(r"其他|其它|等材料|等$|相关部门要求|视情况|以窗口告知为准|另行告知")
SOURCES = {"申请人自备", "政府部门核发", "其他"}
MEDIA = {"纸质", "电子化", "纸质/电子化"}
LABELS = {"承诺办结时限", "承诺办理时限", "承诺时限", "承诺期限"}
FORM_EXT = (".docx", ".xlsx", ".pdf")


def element_results(it: dict, dept_uscc: str) -> dict:
    g = it["guide"]
    ok = {}
    legal = DUR_RE.match(g["法定办结时限"])
    ok["E1-1"] = bool(legal)
    p = g["承诺办结时限"]
    promise = DUR_RE.match(p)
    if g["办件类型"] == "即办件" and (p in ("即办", "当场办结") or (promise and promise.group(1) == "0")):
        ok["E1-2"] = True
    elif promise and g["办件类型"] == "承诺件":
        ok["E1-2"] = not (legal and legal.group(2) == promise.group(2)
                          and int(promise.group(1)) > int(legal.group(1)))
    else:
        ok["E1-2"] = False
    ok["E1-2"] = ok["E1-2"] and g["承诺办结时限_label"] in LABELS
    wins = g["windows"]
    ok["E1-3"] = bool(wins) and all(STREET_RE.search(w["地址"]) and DOOR_RE.search(w["地址"])
                                    and ROOM_RE.search(w["地址"]) for w in wins)
    ok["E1-4"] = bool(wins) and all(DAYS_RE.search(w["办理时间"]) and TIME_RE.search(w["办理时间"])
                                    for w in wins)
    ok["E1-5"] = bool(wins) and all(PHONE_RE.search(w["咨询电话"]) for w in wins)
    s = g["特殊环节"].strip()
    ok["E1-6"] = s == "无" or (bool(s) and ("依据" in s and "《" in s))
    mats = g["materials"]
    ok["E2-1"] = all(x["来源"] in SOURCES and (x["来源"] != "政府部门核发" or ISSUER_RE.search(x["出具单位"]))
                     for x in mats)
    ok["E2-2"] = all(re.search(r"[1-9]\d*\s*份", x["份数"] or "") for x in mats)
    ok["E2-3"] = all(re.search(r"原件|复印件", x["份数"] or "") and x["介质"] in MEDIA for x in mats)
    ok["E2-x"] = not any(FALLBACK_RE.search(x["名称"]) for x in mats)
    steps = g["流程"]
    ok["E3-1"] = (bool(steps) and steps[0]["环节"] == "受理" and steps[-1]["环节"] in ("办结", "送达")
                  and all(x["时限"] and x["办理人"] for x in steps))
    v = g["到现场次数"]
    ok["E3-2"] = (v.isdigit() and (int(v) == 0 or bool(g["到现场次数说明"].strip()))
                  and not (g["网办深度"] == "IV" and v != "0"))
    forms = [x for x in mats if x["is_form"]]
    ok["E4"] = bool(forms) and all(x["blank"] and x["sample"] and x["blank"].endswith(FORM_EXT)
                                   and x["sample"].endswith(FORM_EXT) for x in forms)
    c = it["impl_code"]
    ok["D2"] = (len(c) == 31 and uscc_valid(c[:18]) and c[18] == "1" and c[19:].isdigit()
                and c[19:21] == g["事项类型代码"])
    return ok


ALL_ELEMENTS = ["E1-1", "E1-2", "E1-3", "E1-4", "E1-5", "E1-6", "E2-1", "E2-2", "E2-3", "E2-x",
                "E3-1", "E3-2", "E4", "D2"]


def search(items, q):
    return [i["name"] for i in items if q in i["name"] or any(q in a for a in i["aliases"])]


def self_check(cat: dict, full: bool) -> None:
    items = cat["items"]
    depts = {d["code"]: d for d in cat["departments"]}
    assert len(depts) == 8 and all(uscc_valid(d["uscc"]) and d["uscc"].startswith("11")
                                   for d in depts.values())
    if full:
        assert len(items) >= 64, len(items)
        for code in depts:
            assert sum(i["dept"] == code for i in items) >= 6, code
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    codes = [i["impl_code"] for i in items]
    assert len(codes) == len(set(codes))
    names = [i["name"] for i in items]
    assert len(names) == len(set(names))
    files = [f for i in items for x in i["guide"]["materials"] for f in (x["blank"], x["sample"]) if f]
    assert len(files) == len(set(files)), "form file names must be unique"
    audiences = {i["audience"] for i in items}
    assert audiences == {"个人", "法人"}
    for it in items:
        g = it["guide"]
        assert re.fullmatch(r"[a-z]+-\d{3}", it["id"]) and it["id"].startswith(it["dept"] + "-")
        assert 2 <= len(it["aliases"]) <= 5 and len(set(it["aliases"])) == len(it["aliases"]), it["id"]
        assert it["audience"] in ("个人", "法人")
        assert TYPE_CODES[g["事项类型"]] == g["事项类型代码"]
        assert g["办件类型"] in ("即办件", "承诺件")
        assert g["网办深度"] in ("I", "II", "III", "IV")
        assert g["承诺办结时限_label"] == DEPT[it["dept"]]["label"]
        assert 1 <= len(g["windows"]) <= 3, it["id"]
        assert 3 <= len(g["materials"]) <= 7, it["id"]
        assert any(x["is_form"] for x in g["materials"]), it["id"]
        for x in g["materials"]:
            assert x["必要性"] in ("必要", "非必要")
            if x["is_form"]:
                assert x["blank"] and x["blank"].startswith(it["id"] + "-"), it["id"]
        for s in g["流程"]:
            assert set(s) == {"环节", "时限", "办理人"}
        res = element_results(it, depts[it["dept"]]["uscc"])
        failing = {k for k, v in res.items() if not v}
        gt = {x["element"] for x in it["ground_truth"]}
        assert failing == gt, (it["id"], "failing", failing, "ground truth", gt)
        assert len(it["ground_truth"]) <= 2
        if not gt:
            # clean guides: stricter consistency than the element rules demand
            assert it["impl_code"][:18] == depts[it["dept"]]["uscc"]
            v, depth = int(g["到现场次数"]), g["网办深度"]
            assert (v == 0) == (depth == "IV"), it["id"]
            assert depth != "III" or v == 1, it["id"]
            assert depth != "I" or v >= 1, it["id"]
            assert g["办件类型"] != "即办件" or g["承诺办结时限"] in ("即办", "当场办结"), it["id"]
            assert all(x["时限"] and x["办理人"] for x in g["流程"])
            assert g["流程"][1]["环节"] == "审查" and g["流程"][2]["环节"] == "决定"
            for x in g["materials"]:
                assert x["来源"] == "申请人自备" or x["出具单位"], (it["id"], x["名称"])
        elif "D2" in gt:
            assert it["impl_code"][:17] == depts[it["dept"]]["uscc"][:17]
    defective = [i for i in items if i["ground_truth"]]
    if full:
        covered = {x["element"] for i in items for x in i["ground_truth"]}
        assert covered == set(ALL_ELEMENTS), set(ALL_ELEMENTS) - covered
        share = len(defective) / len(items)
        assert len(defective) >= 10 and 0.15 <= share <= 0.20, (len(defective), share)
        assert len({i["dept"] for i in defective}) == 8
    for q, expected in SEARCH_EXPECT.items():
        found = search(items, q)
        for name in expected:
            assert name in found, (q, name, found)


def build() -> dict:
    """The catalogue built from sandbox/data/source/ and self-checked (not written)."""
    items = [build_item(s) for s in item_specs()]
    unknown = set(DEFECTS) - {i["id"] for i in items}
    assert not unknown, unknown
    cat = {
        "province": PLACES["province"],
        "departments": [{"code": d["code"], "name": d["name"], "short": d["short"],
                         "uscc": d["uscc"], "host": d["code"]} for d in DEPTS],
        "cities": PLACES["cities"],
        "items": items,
    }
    self_check(cat, full=len({i["dept"] for i in items}) == 8)
    return cat


def render(cat: dict) -> str:
    return json.dumps(cat, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render(build())
    if "--check" in argv:
        same = OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'DIFFERS from the build of sandbox/data/source/'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    cat = json.loads(text)
    n_bad = sum(1 for i in cat["items"] if i["ground_truth"])
    print(f"wrote {OUT} : {len(cat['items'])} items, {n_bad} with ground-truth defects")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
