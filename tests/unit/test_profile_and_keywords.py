"""Bad input gets an error that names the file and line, and good input loads."""
import pytest

from shopper.keywords import KeywordFileError, load_keywords
from shopper.profile import ProfileError, load_profile


def test_sandbox_profile_loads_and_binds_port():
    profile = load_profile("sandbox")
    assert profile.is_sandbox and profile.keywords.exists()
    profile.bind(5123)
    assert profile.url("portal") == "http://zwfw.localhost:5123"
    assert all(":5123" in s.url for s in profile.sites())
    assert profile.may_write("http://zwfw.localhost:5123/apply/x")


def test_live_example_is_read_only_outside_staging_hosts():
    profile = load_profile("example-live")
    assert not profile.may_write("https://zwfw.example.gov.cn/apply")


def _write(tmp_path, text, name="p.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """name: t
title: T
kind: live
urls: {portal: "https://a.example", idp: "https://b.example"}
writes_allowed: false
staging_hosts: []
accounts:
  citizen: {user_env: U, password_env: P}
"""


def test_unknown_profile_name_lists_known_ones():
    with pytest.raises(ProfileError, match="known: .*sandbox"):
        load_profile("no-such-portal")


def test_yaml_syntax_error_names_line(tmp_path):
    path = _write(tmp_path, GOOD + "bad: [unclosed\n")
    with pytest.raises(ProfileError, match=rf"{path.name}:\d+: YAML"):
        load_profile(path)


def test_wrong_type_names_key_and_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("writes_allowed: false", "writes_allowed: maybe"))
    with pytest.raises(ProfileError, match=rf"{path.name}:5: 'writes_allowed'"):
        load_profile(path)


def test_unknown_key_is_named(tmp_path):
    path = _write(tmp_path, GOOD + "sso_atempts: 3\n")
    with pytest.raises(ProfileError, match=rf"{path.name}:9: 'sso_atempts'.*unknown key"):
        load_profile(path)


def test_credentials_in_profile_are_refused(tmp_path):
    path = _write(tmp_path, GOOD.replace("{user_env: U, password_env: P}", "{user_env: U, password_env: P, password: hunter2}"))
    with pytest.raises(ProfileError, match="never put credentials"):
        load_profile(path)


def test_missing_account_env_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("U", raising=False)
    profile = load_profile(_write(tmp_path, GOOD))
    with pytest.raises(ProfileError, match="环境变量 U 和 P"):
        profile.accounts["citizen"].credentials()


def test_keyword_file_errors_name_every_bad_line(tmp_path):
    path = _write(tmp_path, "关键词,期望事项\n社保卡,社会保障卡申领\n只有一列\n,空关键词\n社保卡,社会保障卡申领\n", "k.csv")
    with pytest.raises(KeywordFileError) as info:
        load_keywords(path)
    message = str(info.value)
    assert f"{path}:3" in message and f"{path}:4" in message and f"{path}:5" in message
    assert f"{path}:2" not in message


def test_keyword_file_needs_header(tmp_path):
    with pytest.raises(KeywordFileError, match="header"):
        load_keywords(_write(tmp_path, "社保卡,社会保障卡申领\n", "k.csv"))


def test_sandbox_keywords_load():
    cases = load_keywords(load_profile("sandbox").keywords)
    assert len(cases) >= 10 and all(c.keyword and c.expected for c in cases)


def test_gbk_keyword_file_names_file_line_and_iconv(tmp_path):
    from shopper.keywords import KeywordFileError, load_keywords

    path = tmp_path / "kw.csv"
    path.write_bytes("关键词,期望事项\n社保卡,社会保障卡申领\n".encode("gbk"))
    with pytest.raises(KeywordFileError) as err:
        load_keywords(path)
    message = str(err.value)
    assert f"{path}:1" in message and "GBK" in message and f"iconv -f GBK -t UTF-8 {path}" in message


def test_binary_keyword_file_is_not_called_gbk(tmp_path):
    from shopper.keywords import KeywordFileError, load_keywords

    path = tmp_path / "kw.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\x00")
    with pytest.raises(KeywordFileError) as err:
        load_keywords(path)
    assert "UTF-8" in str(err.value) and "GBK" not in str(err.value)
