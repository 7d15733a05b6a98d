"""Online application lifecycle: apply → receipt → advance → 已办结 → review → 差评回访; the access rule
of 办件查询; upload validation; CSRF."""
from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest

from sandbox_helpers import ALICE, PORTAL, advance, apply_item, csrf, submitted_no

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\0" * 32


def text(response) -> str:
    return response.get_data(as_text=True)


def query_status(client, no, name):
    page = client.get(PORTAL + "/status")
    return client.post(PORTAL + "/status", data={"csrf_token": csrf(page), "no": no, "name": name})


def test_apply_form_prefilled_masked_readonly(alice, app):
    html = text(alice.get(PORTAL + "/apply/rst-001"))
    for label in ("申请人姓名", "证件号码", "联系电话", "联系地址", "申请事由"):
        assert f">{label}</label>" in html, label
    assert 'value="330102********1234" readonly' in html
    assert 'value="138****5678" readonly' in html
    assert ALICE["id_number"] not in html and ALICE["phone"] not in html
    item = app.sandbox.catalogue.item_by_id["rst-001"]
    required = [m["名称"] for m in item["guide"]["materials"] if m["必要性"] == "必要"]
    assert len(re.findall(r'type="file"', html)) == len(required)
    for name in required:
        assert re.search(rf'<label for="material_\d+">{re.escape(name)}</label>', html), name
    assert 'name="csrf_token"' in html and ">提交申请</button>" in html


def test_depth_one_item_cannot_be_applied(tmp_path):
    from sandbox import create_app
    from sandbox.catalogue import DEFAULT_PATH
    from sandbox_helpers import ACCOUNTS, sso_login
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["items"][0]["guide"]["网办深度"] = "I"
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    client = create_app(accounts=ACCOUNTS, defects=[], catalogue_path=path).test_client()
    sso_login(client)
    item_id = data["items"][0]["id"]
    assert ">在线办理</a>" not in client.get(f"{PORTAL}/item/{item_id}").get_data(as_text=True)
    assert client.get(f"{PORTAL}/apply/{item_id}").status_code == 404


def test_lifecycle_apply_receipt_advance_review_followup(alice, app):
    item = app.sandbox.catalogue.item_by_id["rst-001"]
    no = submitted_no(apply_item(alice, "rst-001", files={"material_1": (io.BytesIO(PNG), "id.png"),
                                                           "material_3": (io.BytesIO(JPG), "photo.JPG")}))
    assert re.fullmatch(re.escape(item["impl_code"]) + datetime.now().strftime("%Y%m%d") + r"\d{4}", no)
    assert len(item["impl_code"]) == 31
    receipt = text(alice.get(f"{PORTAL}/receipt/{no}"))
    assert "<h1>申请已提交</h1>" in receipt and f"办件编号：{no}" in receipt
    assert "330102********1234" in receipt and ALICE["id_number"] not in receipt

    status = text(query_status(alice, no, ALICE["name"]))
    assert 'role="table" aria-label="办件信息"' in status
    for row in ("办件编号", "事项名称", "申请人", "办理状态"):
        assert f'<th scope="row">{row}</th>' in status
    assert '<td class="status">已提交</td>' in status

    # before 办结 the review page says it is not available yet, and /my offers no 评价 link
    assert "暂不能评价" in text(alice.get(f"{PORTAL}/review/{no}"))
    assert ">评价</a>" not in text(alice.get(PORTAL + "/my"))

    assert advance(alice, no).get_json()["status"] == "已受理"
    assert '<td class="status">已受理</td>' in text(query_status(alice, no, ALICE["name"]))
    assert advance(alice, no).get_json()["status"] == "已办结"
    assert advance(alice, no).status_code == 409
    assert advance(alice, "nope").status_code == 404
    assert '<td class="status">已办结</td>' in text(query_status(alice, no, ALICE["name"]))

    my = text(alice.get(PORTAL + "/my"))
    assert no in my and f'<a href="/review/{no}">评价</a>' in my

    review_page = alice.get(f"{PORTAL}/review/{no}")
    html = text(review_page)
    assert 'role="radiogroup" aria-labelledby="level-label"' in html and '<legend id="level-label">评价等级</legend>' in html
    for level in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f'value="{level}" required>{level}</label>' in html
    assert 'type="checkbox"' in html and ">评价内容</label>" in html and ">提交评价</button>" in html
    done = alice.post(f"{PORTAL}/review/{no}", data={"csrf_token": csrf(review_page), "level": "非常不满意",
                                                     "tags": ["等待时间长", "材料繁琐"], "comment": "排队太久"})
    assert done.status_code == 302
    after = text(alice.get(f"{PORTAL}/review/{no}"))
    assert "差评回访" in after and "待回访" in after and "排队太久" in after


def test_good_review_has_no_followup(alice):
    no = submitted_no(apply_item(alice, "rst-001"))
    advance(alice, no), advance(alice, no)
    page = alice.get(f"{PORTAL}/review/{no}")
    alice.post(f"{PORTAL}/review/{no}", data={"csrf_token": csrf(page), "level": "满意"})
    html = text(alice.get(f"{PORTAL}/review/{no}"))
    assert "感谢您的评价" in html and "差评回访" not in html


def test_other_person_gets_not_found(alice, bob):
    no = submitted_no(apply_item(alice, "rst-001"))
    for name in (ALICE["name"], "李四"):
        result = text(query_status(bob, no, name)).rsplit("</form>", 1)[1]   # what follows the query form
        assert "未查询到该办件" in result and no not in result and ALICE["name"] not in result
    nonexistent = text(query_status(bob, "X" * 43, "李四"))
    assert "未查询到该办件" in nonexistent
    assert bob.get(f"{PORTAL}/receipt/{no}").status_code == 404
    assert bob.get(f"{PORTAL}/review/{no}").status_code == 404
    assert no not in text(bob.get(PORTAL + "/my"))
    # wrong applicant name for one's own 办件: same not-found message
    assert "未查询到该办件" in text(query_status(alice, no, "张三"))


@pytest.mark.parametrize("upload, message", [
    ((b"hello", "notes.txt"), "文件格式不支持"),
    ((b"MZ\x90\x00 not a pdf", "fake.pdf"), "文件内容与扩展名不符"),
    ((PNG, "image.pdf"), "文件内容与扩展名不符"),
    ((b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "big.pdf"), "文件大小超过 5MB"),
    ((b"", "empty.pdf"), "文件为空"),
])
def test_upload_validation(alice, upload, message):
    data, filename = upload
    response = apply_item(alice, "rst-001", files={"material_1": (io.BytesIO(data), filename)})
    assert response.status_code == 400
    html = text(response)
    assert re.search(r'<p id="material_1-error" class="field-error" role="alert">[^<]*' + message, html)
    assert "material_2-error" not in html


def test_missing_required_fields(alice):
    response = apply_item(alice, "rst-001", files={"material_2": (io.BytesIO(b""), "")}, address="", reason="")
    html = text(response)
    assert response.status_code == 400
    assert 'id="address-error"' in html and 'id="reason-error"' in html and "请上传该材料" in html


def test_csrf_rejected(alice):
    page = alice.get(PORTAL + "/apply/rst-001")
    files = {f"material_{n}": (io.BytesIO(PDF), "a.pdf") for n in (1, 2, 3)}
    missing = alice.post(PORTAL + "/apply/rst-001", data={"address": "a", "reason": "b", **files},
                         content_type="multipart/form-data")
    assert missing.status_code == 400
    files = {f"material_{n}": (io.BytesIO(PDF), "a.pdf") for n in (1, 2, 3)}
    wrong = alice.post(PORTAL + "/apply/rst-001", data={"csrf_token": csrf(page) + "x", "address": "a",
                                                        "reason": "b", **files}, content_type="multipart/form-data")
    assert wrong.status_code == 400
    assert alice.post(PORTAL + "/status", data={"no": "x", "name": "y"}).status_code == 400
    assert "您还没有办件" in text(alice.get(PORTAL + "/my"))


def test_advance_needs_the_control_token(alice):
    no = submitted_no(apply_item(alice, "rst-001"))
    for headers in ({}, {"X-Sandbox-Control-Token": "guessed"}):
        refused = alice.post(f"{PORTAL}/__sandbox__/advance/{no}", headers=headers)
        assert refused.status_code == 403
    assert advance(alice, no).get_json()["status"] == "已受理"


def test_application_numbers_are_unique_random_and_keep_their_shape(alice):
    numbers = [submitted_no(apply_item(alice, "rst-001")) for _ in range(6)]
    assert len(set(numbers)) == 6
    prefix = numbers[0][:-4]
    assert all(re.fullmatch(re.escape(prefix) + r"\d{4}", n) for n in numbers)   # 实施编码 + yyyymmdd + 4 digits
    tails = [int(n[-4:]) for n in numbers]
    assert tails != list(range(tails[0], tails[0] + 6))                         # not a sequence
