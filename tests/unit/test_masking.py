import zipfile

import pytest

from faker import Faker

from shopper.masking import find_unmasked, mask_data, mask_text, register_secret, scrub_tree, scrub_zip


def test_id_numbers_keep_first_six_and_last_four():
    number = Faker("zh_CN").ssn()
    masked = mask_text(f"证件号码：{number}。")
    assert number not in masked
    assert f"{number[:6]}********{number[-4:]}" in masked
    assert find_unmasked(masked) == []


def test_phone_numbers_are_masked_but_longer_codes_are_not_touched():
    assert mask_text("电话 13812345678") == "电话 138****5678"
    code = "11330000MB1234567X1210000000001202611230001"  # a 办件编号 is not a phone or an ID
    assert mask_text(code) == code


def test_registered_secret_is_hidden_everywhere():
    register_secret("s3cr3t-Pa55word")
    assert mask_text('{"password": "s3cr3t-Pa55word"}') == '{"password": "******"}'
    assert mask_data({"a": ["x s3cr3t-Pa55word"]}) == {"a": ["x ******"]}


def test_scrub_zip_masks_text_entries_and_drops_images(tmp_path):
    number = "330102199001011234"
    path = tmp_path / "trace.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("trace.trace", f'{{"value":"{number}","phone":"13912345678"}}')
        z.writestr("resources/page@1.jpeg", b"\xff\xd8\xff binary")
        z.writestr("resources/abc.html", f"<td>{number}</td>")
        z.writestr("resources/post.dat", "username=u&password=s3cr3t-Pa55word&csrf=x")
        z.writestr("resources/upload.dat", b"--b\r\n\xff\xd8\xffbinary 13912345678 s3cr3t-Pa55word\r\n--b--")
    register_secret("s3cr3t-Pa55word")
    assert scrub_zip(path) == 5
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        text = "".join(z.read(n).decode("latin-1") for n in names)
    assert "resources/page@1.jpeg" not in names
    assert number not in text and "13912345678" not in text and "s3cr3t-Pa55word" not in text
    assert "330102********1234" in text


def test_values_after_json_escapes_are_masked():
    """In traces and JSON a tab or newline before a value is written as \\t or \\n."""
    text = '"证件号码\\t542122197201172013\\n联系电话\\t13764104575\\n"'
    masked = mask_text(text)
    assert "542122197201172013" not in masked and "13764104575" not in masked
    assert "542122********2013" in masked and "137****4575" in masked


def test_scrub_tree_masks_result_files_and_leaves_images(tmp_path):
    (tmp_path / "a-result.json").write_text('{"value": "StatusResult(证件号码 542122197201172013)"}', encoding="utf-8")
    (tmp_path / "shot.png").write_bytes(b"\x89PNG 542122197201172013")
    assert scrub_tree(tmp_path) == 1
    assert "542122197201172013" not in (tmp_path / "a-result.json").read_text(encoding="utf-8")
    assert (tmp_path / "shot.png").read_bytes().endswith(b"542122197201172013")  # images are masked at capture


# A password with URL-reserved characters, a space and CJK: every encoding must be masked.
RESERVED = "Zq7 Pw@x&y=中文!"


def _encodings_of(value: str) -> dict[str, str]:
    import base64
    import json
    from urllib.parse import quote, quote_plus

    form = f"username=u1&password={quote_plus(value)}&csrf_token=abc"
    return {
        "plain": value,
        "quote": quote(value, safe=""),
        "quote lower hex": quote(value, safe="").replace("%E4", "%e4").replace("%B8", "%b8").replace("%AD", "%ad")
        .replace("%3D", "%3d").replace("%E6", "%e6"),
        "quote_plus": quote_plus(value),
        "quote_plus lower hex": quote_plus(value).lower().replace("zq7", "Zq7").replace("pw", "Pw"),
        "form body": form,
        "json \\u": json.dumps({"password": value}),
        "json \\u upper": json.dumps({"password": value}).replace("\\u4e2d", "\\u4E2D"),
        "base64 value": base64.b64encode(value.encode()).decode(),
        "base64 form body": base64.b64encode(form.encode()).decode(),
        "base64 form body, shifted": base64.b64encode(("x" + form).encode()).decode(),
        "base64 form body, shifted 2": base64.b64encode(("xy" + form).encode()).decode(),
        "urlsafe base64 form body": base64.urlsafe_b64encode(("xy" + form).encode()).decode(),
    }


def test_every_encoding_of_a_reserved_character_password_is_masked():
    from tests.support.encodings import find_encoded

    register_secret(RESERVED)
    for name, text in _encodings_of(RESERVED).items():
        assert find_encoded(text, [RESERVED]) == [0], f"the grep must see the {name} form"
        masked = mask_text(f"before {text} after")
        assert find_encoded(masked, [RESERVED]) == [], f"{name} not masked: {masked}"
        assert find_unmasked(text), f"find_unmasked misses the {name} form"
        assert masked.startswith("before ") and masked.endswith(" after")


def test_masked_base64_body_stays_decodable():
    import base64
    from urllib.parse import quote_plus

    register_secret(RESERVED)
    body = base64.b64encode(f"username=u1&password={quote_plus(RESERVED)}&csrf_token=abc".encode()).decode()
    decoded = base64.b64decode(mask_text(body))
    assert decoded.startswith(b"username=u1&") and decoded.endswith(b"&csrf_token=abc")


def test_scrub_zip_and_tree_mask_every_encoding(tmp_path):
    from tests.support.encodings import find_encoded

    register_secret(RESERVED)
    encodings = _encodings_of(RESERVED)
    trace = tmp_path / "t" / "trace.zip"
    trace.parent.mkdir()
    with zipfile.ZipFile(trace, "w") as z:
        for i, text in enumerate(encodings.values()):
            z.writestr(f"resources/{i}.dat", text.encode("utf-8"))
        z.writestr("resources/binary.dat", b"\xff\xfe" + encodings["form body"].encode("utf-8"))
    (tmp_path / "result.json").write_text("\n".join(encodings.values()), encoding="utf-8")
    assert scrub_tree(tmp_path) == 2
    with zipfile.ZipFile(trace) as z:
        for name in z.namelist():
            assert find_encoded(z.read(name).decode("utf-8", "ignore"), [RESERVED]) == [], name
    assert find_encoded((tmp_path / "result.json").read_text(encoding="utf-8"), [RESERVED]) == []


# --- the forms real portals print (issue 19, item 7) -----------------------------------------------------
ID = "330102199001011234"
PHONE = "13764104575"
FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

PHONE_FORMS = [
    "+8613764104575", "+86 13764104575", "+86-137-6410-4575", "(+86)13764104575", "（+86）137 6410 4575",
    "008613764104575", "8613764104575", "137-6410-4575", "137 6410 4575", "137\u30006410\u30004575",
    PHONE.translate(FULL), "137-6410-4575".translate(FULL), "＋86" + PHONE.translate(FULL),
]
ID_FORMS = [
    "330102 19900101 1234", "330102-19900101-1234", "330102 1990 0101 1234", "330102-1990-0101-123X",
    ID.translate(FULL), "３３０１０２　１９９００１０１　１２３４", "33010219900101123x",
]


@pytest.mark.parametrize("form", PHONE_FORMS)
def test_every_written_form_of_a_phone_number_is_masked(form):
    masked = mask_text(f"联系电话：{form}。")
    digits = "".join(c for c in masked.translate({ord(f): ord(a) for a, f in zip("0123456789", "０１２３４５６７８９")})
                      if c.isdigit())
    assert "6410" not in digits, masked                          # the middle four are gone
    assert "****" in masked and masked.startswith("联系电话：") and masked.endswith("。"), masked
    assert find_unmasked(masked) == [] and find_unmasked(form), form


@pytest.mark.parametrize("form", ID_FORMS)
def test_every_written_form_of_an_id_number_is_masked(form):
    masked = mask_text(f"证件号码 {form} 。")
    assert "19900101" not in masked.replace(" ", "").replace("-", "").replace("\u3000", "") and "1990" not in masked
    assert "１９９０" not in masked and "********" in masked.replace(" ", "").replace("-", "").replace("\u3000", "")
    assert find_unmasked(masked) == [] and find_unmasked(form), form


def test_separators_and_prefixes_are_kept_around_the_mask():
    assert mask_text("电话 +86-137-6410-4575") == "电话 +86-137-****-4575"
    assert mask_text("电话 137 6410 4575") == "电话 137 **** 4575"
    assert mask_text("身份证 330102-19900101-1234") == "身份证 330102-****" + "****-1234"
    assert mask_text("身份证 330102 1990 0101 1234") == "身份证 330102 **** **** 1234"
    assert mask_text(PHONE.translate(FULL)) == "１３７****４５７５"


EVIDENCE = [
    "11330000002482063G3330117300001",                     # 实施编码 (31 characters)
    "1139000000248011631070100100100",                     # 实施编码, all digits
    "11330000MB1234567X1210000000001202611230001",         # 办件编号: 实施编码 + date + sequence
    "1139000000248011631070100100100202611240007",         # 办件编号, all digits
    "113900000024801163", "91330000MA27U0XX1X", "11330000002482063G",   # 统一社会信用代码
    "2026-11-24 13:45:10", "2026年11月24日", "20261124T091500Z",           # dates, a run id
    "0571-87051234", "400-888-1234", "12345", "0571 8705 1234",           # landlines, hotlines
    "耗时 1376 ms, 点击 4 次, 页面 10 个", "办件编号 SB20261124000123",
]


@pytest.mark.parametrize("text", EVIDENCE)
def test_codes_dates_and_hotlines_are_evidence_not_personal_data(text):
    assert mask_text(text) == text
    assert find_unmasked(text) == []


def test_the_sandbox_personas_id_and_phone_are_secrets(monkeypatch):
    """Registered like a live portal's: their exact values are replaced in every encoding (URL,
    JSON, base64), not only where the patterns see them."""
    import base64
    from types import SimpleNamespace
    from urllib.parse import quote

    from shopper.personas import sandbox_personas

    profile = SimpleNamespace(accounts={"citizen": SimpleNamespace(user_env="H19_U", password_env="H19_P")})
    monkeypatch.delenv("H19_U", raising=False)
    monkeypatch.delenv("H19_P", raising=False)
    persona = sandbox_personas(profile, seed=4242)["citizen"]
    for value in (persona.id_number, persona.phone):
        body = base64.b64encode(f"name=x&v={value}&z=1".encode()).decode()
        assert value not in mask_text(f"a{value}b")                  # glued to letters: no pattern sees it
        assert quote(f"&{value}&") not in mask_text(quote(f"&{value}&"))
        assert value.encode() not in base64.b64decode(mask_text(body))
