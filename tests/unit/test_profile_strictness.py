"""A profile, keyword file or rubric that is not what the suite reads is refused before a browser
starts, naming the file and the line and saying what was expected (issue 19 item 14, issue 22):
encodings, a string where a list belongs, unknown nested keys, hosts that are no hosts, and ids
YAML reads as numbers."""
from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from shopper.keywords import KeywordFileError, load_keywords
from shopper.profile import ProfileError, load_profile

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = (ROOT / "fixtures/portals/sandbox.yaml").read_text(encoding="utf-8").replace(
    "keywords: ../keywords/sandbox.csv", f"keywords: {ROOT / 'fixtures/keywords/sandbox.csv'}")


def shopper(*args):
    return subprocess.run([sys.executable, "-m", "shopper", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def profile_with(tmp_path, old: str, new: str) -> tuple[Path, int]:
    """The sandbox profile with `old` replaced by `new`, and the line where `new` starts."""
    assert old in SANDBOX, old
    path = tmp_path / "p.yaml"
    path.write_text(SANDBOX.replace(old, new, 1), encoding="utf-8")
    return path, SANDBOX[:SANDBOX.index(old)].count("\n") + 1


def refused(path: Path, line: int, *words: str) -> str:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert f"{path}:{line}:" in message, message
    for word in words:
        assert word in message, message
    return message


# --- encodings -------------------------------------------------------------------------------------------
def test_a_gbk_profile_names_the_encoding_and_the_conversion(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(SANDBOX.encode("gbk"))
    result = shopper("run", "--portal", str(path), "--reports-dir", str(tmp_path / "r"))
    assert result.returncode == 4 and "Traceback" not in result.stderr, result.stderr[-2000:]
    first_cjk = SANDBOX[:next(i for i, c in enumerate(SANDBOX) if ord(c) > 127)].count("\n") + 1
    assert f"{path}:{first_cjk}:" in result.stderr and "GBK" in result.stderr
    assert f"iconv -f GBK -t UTF-8 {path}" in result.stderr


def test_a_gbk_rubric_names_the_encoding_and_the_conversion(tmp_path):
    rubric = tmp_path / "rubric.yaml"
    rubric.write_bytes((ROOT / "fixtures/rubric/default.yaml").read_text(encoding="utf-8").encode("gbk"))
    result = shopper("run", "--rubric", str(rubric), "--reports-dir", str(tmp_path / "r"))
    assert result.returncode == 4 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"{rubric}:" in result.stderr and "GBK" in result.stderr and "iconv -f GBK -t UTF-8" in result.stderr


def test_a_bom_then_gbk_keyword_file_gets_the_hint_and_the_right_place(tmp_path):
    path = tmp_path / "kw.csv"
    path.write_bytes(codecs.BOM_UTF8 + "关键词,期望事项\n社保卡,社会保障卡申领\n".encode("gbk"))
    with pytest.raises(KeywordFileError) as info:
        load_keywords(path)
    message = str(info.value)
    assert f"{path}:1:" in message and "at byte 3" in message, message
    assert "GBK" in message and f"iconv -f GBK -t UTF-8 {path}" in message, message


def test_a_bom_utf8_profile_still_loads(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + SANDBOX.encode("utf-8"))
    assert load_profile(path).name == "sandbox"


# --- a string where a list belongs ------------------------------------------------------------------------
def with_line(tmp_path, key: str, value: str) -> tuple[Path, int]:
    """The sandbox profile with `key: value` in place of its line for `key` (appended if it has none)."""
    lines = SANDBOX.splitlines()
    at = next((i for i, l in enumerate(lines) if l.startswith(f"{key}:")), None)
    if at is None:
        lines.append("")
        at = len(lines) - 1
    lines[at] = f"{key}: {value}"
    path = tmp_path / "p.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, at + 1


@pytest.mark.parametrize("key, value", [("guide_items", "gat-001"), ("apply_items", "社会保障卡申领"),
                                        ("staging_hosts", '"*.localhost"'), ("review_levels", "满意"),
                                        ("bad_review_levels", "不满意")])
def test_a_string_where_a_list_belongs_is_refused(tmp_path, key, value):
    """`guide_items: gat-001` ran 7 guides g, a, t, -, 0, 0, 1."""
    path, line = with_line(tmp_path, key, value)
    refused(path, line, f"'{key}'", "列表", "[")


# --- unknown nested keys ----------------------------------------------------------------------------------
@pytest.mark.parametrize("old, new, words", [
    ("  portal: http://zwfw.localhost:{port}", "  portal: http://zwfw.localhost:{port}\n  portall: http://x.localhost",
     ["urls.portall", "portal", "idp", "guide"]),
    ("timeouts: {action_ms: 8000, navigation_ms: 15000}", "timeouts: {actoin_ms: 8000, navigation_ms: 15000}",
     ["timeouts.actoin_ms", "action_ms", "navigation_ms"]),
    ("politeness: {max_pages_per_host: 4, min_interval_ms: 0}", "politeness: {max_pages_per_host: 4, x: 0}",
     ["politeness.x", "min_interval_ms"]),
    ("advance: {method: http,", "advance: {methd: http,", ["advance.methd", "method"]),
    ('application_number: {pattern:', 'application_number: {patern:', ["application_number.patern", "pattern"]),
])
def test_an_unknown_nested_key_is_refused_with_the_known_ones(tmp_path, old, new, words):
    path, line = profile_with(tmp_path, old, new)
    if "\n" in new:
        line += 1
    refused(path, line, *words)


def test_an_unknown_key_in_a_site_row_is_refused(tmp_path):
    old = SANDBOX[SANDBOX.index("departments:"):].split("\n")[1]
    assert old.strip().startswith("- {code:"), old
    path, line = profile_with(tmp_path, old, old.replace("{code:", "{homepage: x, code:"))
    refused(path, line, "departments[0]", "homepage", "code, name, url")


# --- hosts ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["zw fw.localhost", "zwfw.local<host", "zwfw..localhost", "zwfw.local%20host"])
def test_a_url_whose_host_is_no_host_is_a_profile_error(tmp_path, host):
    path, line = profile_with(tmp_path, "portal: http://zwfw.localhost:{port}", f"portal: http://{host}:{{port}}")
    refused(path, line, "urls.portal", "主机名")
    result = shopper("run", "--portal", str(path), "--journeys", "guide", "--device", "desktop",
                     "--reports-dir", str(tmp_path / "r"))
    assert result.returncode == 4 and "Traceback" not in result.stderr, result.stdout[-1500:] + result.stderr[-1500:]


# --- ids YAML reads as numbers (issue 22) -------------------------------------------------------------------
def test_all_digit_ids_are_taken_as_written(tmp_path):
    text = SANDBOX.replace("guide_items: [", "guide_items: [3300000123, 12.5, ", 1)
    old = SANDBOX[SANDBOX.index("departments:"):].split("\n")[1]
    text = text.replace(old, old.replace("{code: rst,", "{code: 113900,"), 1).replace("department: rst", "department: 113900")
    assert text != SANDBOX and "code: 113900" in text
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    profile = load_profile(path)
    assert profile.guide_items[:2] == ["3300000123", "12.5"] and all(isinstance(g, str) for g in profile.guide_items)
    assert profile.departments[0].code == "113900"


@pytest.mark.parametrize("written, read", [("0123", "83"), ("12:30", "750"), ("1_000", "1000"), ("0x1F", "31"),
                                           ("1.50", "1.5"), ("1.0e+5", "100000.0"), ("yes", "True")])
def test_an_id_yaml_would_change_is_refused_with_the_advice_to_quote_it(tmp_path, written, read):
    path, line = profile_with(tmp_path, "guide_items: [", f"guide_items: [{written}, ")
    message = refused(path, line, written, read, "引号", f"'{written}'")
    assert "guide_items" in message


def test_a_site_code_yaml_would_change_is_refused(tmp_path):
    old = SANDBOX[SANDBOX.index("cities:"):].split("\n")[1]
    path, line = profile_with(tmp_path, old, old.replace("{code: lz,", "{code: 0571,"))
    refused(path, line, "cities[0].code", "0571", "引号")


# --- issue 23's facts: 智能客服 questions, 数据同源 samples and their copy addresses -----------------------
def test_a_same_source_sample_names_a_site_of_the_profile(tmp_path):
    path, line = profile_with(tmp_path, "  - {item: gat-001, department: gat, city: yc}",
                              "  - {item: gat-001, department: gta, city: yc}")
    refused(path, line, "same_source[1].department", "gta", "gat")


def test_a_same_source_sample_needs_its_copy_address(tmp_path):
    path, line = profile_with(tmp_path, '  city_copy: "{site}/bsfw/item/{item}"', "")
    message = refused(path, SANDBOX[:SANDBOX.index("same_source:")].count("\n") + 2, "urls.city_copy")
    assert "{site}" in message


def test_a_copy_address_is_a_template_of_site_and_item(tmp_path):
    path, line = profile_with(tmp_path, '  department_copy: "{site}/bsfw/item/{item}"',
                              '  department_copy: "http://rst.localhost/bsfw/item/{item}"')
    refused(path, line, "urls.department_copy", "{site}", "{item}")


def test_an_assistant_question_is_a_question_and_its_item(tmp_path):
    path, line = profile_with(tmp_path, "    - {问题: 我的身份证丢了怎么办, 期望事项: 居民身份证补领}",
                              "    - {问题: 我的身份证丢了怎么办, 期待: 居民身份证补领}")
    refused(path, line, "assistant.questions[0]", "期望事项")
    path, line = profile_with(tmp_path, "  out_of_scope: 今天天气怎么样", "  out_of_scope: 今天天气怎么样\n  qeustions: []")
    refused(path, line + 1, "assistant.qeustions", "questions")


# --- flows: every key an ability reads, every value of its kind -----------------------------------------
@pytest.mark.parametrize("flows, offset, words", [
    ("  status:\n    verfy: [name]\n", 2, ("flows.status.verfy", "verify", "captcha_env")),
    ("  status:\n    verify: [name, pasword]\n", 2, ("flows.status.verify", "pasword", "password")),
    ("  status:\n    verify: name\n", 2, ("flows.status.verify", "列表")),
    ("  status:\n    open: form\n", 2, ("flows.status.open", "url", "link")),
    ("  status:\n    captcha_env: K7PM\n", None, ()),       # an env NAME; an all-caps value is a valid name too
    ("  status:\n    captcha_env: 图形验证码 K7PM\n", 2, ("flows.status.captcha_env", "环境变量名")),
    ("  search:\n    submit: Enter\n", 2, ("flows.search.submit", "click", "enter")),
    ("  sign_in:\n    tick: 我已阅读并同意\n", 2, ("flows.sign_in.tick", "文字列表")),
    ("  sign_in:\n    slider: yes please\n", 2, ("flows.sign_in.slider", "true 或 false")),
    ("  sites:\n    personal_centre: false\n", 2, ("flows.sites.personal_centre", "personal_center")),
    ("  guide:\n    accordion: true\n", 2, ("flows.guide.accordion", "no key yet")),
    ("  review: 差评\n", 1, ("flows.review", "bad_reason")),
    ("  obstacles:\n    - {box: 'role=dialog'}\n", 2, ("flows.obstacles[0]", "dismiss")),
    ("  obstacles:\n    - {box: 'role=dialog', dismiss: 'text=关闭', inside: false}\n", 2,
     ("flows.obstacles[0].inside", "dismiss_inside")),
])
def test_a_flow_key_or_value_no_ability_reads_is_refused_at_its_line(tmp_path, flows, offset, words):
    path, line = profile_with(tmp_path, "urls:\n", "flows:\n" + flows + "urls:\n")
    if offset is None:
        assert load_profile(path).flows["status"]["captcha_env"] == "K7PM"
        return
    refused(path, line + offset, *words)


def test_every_flow_the_sandbox_profiles_use_is_read_by_an_ability():
    """The schema is what the abilities read: each key of FLOW_SCHEMA appears in pages/ as a flow key."""
    from shopper.profile import FLOW_SCHEMA
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pages").rglob("*.py"))
    for ability, keys in FLOW_SCHEMA.items():
        for key in keys:
            assert f'"{key}"' in source, f"flows.{ability}.{key} is in the schema but no ability reads it"
    for name in ("sandbox-b", "sandbox-c", "sandbox-c-matrix", "sandbox-b-matrix"):
        assert load_profile(name).flows is not None
