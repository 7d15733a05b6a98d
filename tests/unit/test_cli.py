"""Bad input to the CLI stops before any browser starts, naming the problem."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def shopper(*args):
    return subprocess.run([sys.executable, "-m", "shopper", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args, message", [
    (["run", "--journeys", "search,nope"], "未知的旅程 nope"),
    (["run", "--defects", "slow_serch"], "未知的缺陷 slow_serch"),
    (["run", "--device", "tablet"], "未知的设备 tablet"),
    (["run", "--portal", "example-live", "--defects", "slow_search"], "只适用于沙箱"),
])
def test_bad_arguments_fail_fast_with_a_clear_message(args, message):
    result = shopper(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_profile_names_file_and_line(tmp_path):
    profile = tmp_path / "broken.yaml"
    profile.write_text((ROOT / "fixtures/portals/sandbox.yaml").read_text(encoding="utf-8")
                       .replace("sso_attempts: 3", "sso_attempts: [3"), encoding="utf-8")
    result = shopper("run", "--portal", str(profile))
    assert result.returncode == 4                                  # configuration error
    assert f"{profile}:" in result.stderr and "YAML" in result.stderr


def test_malformed_keyword_file_names_each_bad_line(tmp_path):
    keywords = tmp_path / "kw.csv"
    keywords.write_text("关键词,期望事项\n社保卡\n,空\n", encoding="utf-8")
    profile = tmp_path / "p.yaml"
    profile.write_text((ROOT / "fixtures/portals/sandbox.yaml").read_text(encoding="utf-8")
                       .replace("keywords: ../keywords/sandbox.csv", f"keywords: {keywords}"), encoding="utf-8")
    result = shopper("run", "--portal", str(profile), "--journeys", "search")
    assert result.returncode == 4
    assert f"{keywords}:2" in result.stderr and f"{keywords}:3" in result.stderr


def test_unknown_portal_is_a_configuration_error():
    result = shopper("run", "--portal", "no-such-portal")
    assert result.returncode == 4 and "找不到门户配置" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("journeys", [",", " , ,", " "])
def test_empty_journey_list_is_a_usage_error(journeys):
    result = shopper("run", "--journeys", journeys, "--reports-dir", "/nonexistent/never-written")
    assert result.returncode == 2 and "没有列出任何旅程" in result.stderr
    assert "Traceback" not in result.stderr and "collected" not in result.stdout


def _profile_with(tmp_path, old, new):
    profile = tmp_path / "p.yaml"
    text = (ROOT / "fixtures/portals/sandbox.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace("keywords: ../keywords/sandbox.csv", f"keywords: {ROOT / 'fixtures/keywords/sandbox.csv'}")
    profile.write_text(text.replace(old, new), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    return profile, line


@pytest.mark.parametrize("old, new, message", [
    ("status_item: 社会保障卡申领", "flows: {serach: {submit: enter}}\nstatus_item: 社会保障卡申领", "serach"),
    ("timeouts: {action_ms: 8000, navigation_ms: 15000}", "timeouts: {action_ms: 0, navigation_ms: 15000}",
     "timeouts.action_ms"),
    ("timeouts: {action_ms: 8000, navigation_ms: 15000}", "timeouts: {action_ms: '8s', navigation_ms: 15000}",
     "timeouts.action_ms"),
    ("portal: http://zwfw.localhost:{port}", "portal: http://zwfw.localhost:port", "urls.portal"),
    ("portal: http://zwfw.localhost:{port}", "portal: http://zwfw.localhost:6000", "ERR_UNSAFE_PORT"),
    ("politeness: {max_pages_per_host: 4, min_interval_ms: 0}",
     "politeness: {max_pages_per_host: 4, min_interval_ms: -5}", "politeness.min_interval_ms"),
])
def test_profile_values_are_checked_before_a_browser_starts(tmp_path, old, new, message):
    profile, line = _profile_with(tmp_path, old, new)
    result = shopper("run", "--portal", str(profile), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 4, result.stderr
    assert message in result.stderr and f"{profile}:{line}:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "reports").exists()


def test_bad_rubric_stops_the_run_before_a_browser_starts(tmp_path):
    rubric = tmp_path / "rubric.yaml"
    text = (ROOT / "fixtures/rubric/default.yaml").read_text(encoding="utf-8")
    rubric.write_text(text + "\nnot_a_key: [\n", encoding="utf-8")
    result = shopper("run", "--rubric", str(rubric), "--reports-dir", str(tmp_path / "reports"))
    assert result.returncode == 4 and f"{rubric}:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "reports").exists()
    missing = shopper("run", "--rubric", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 4 and "nope.yaml" in missing.stderr


def test_reused_run_id_is_refused(tmp_path):
    reports = tmp_path / "reports"
    (reports / "runs" / "R1").mkdir(parents=True)
    (reports / "runs" / "R1" / "scorecard.json").write_text("{}", encoding="utf-8")
    result = shopper("run", "--run-id", "R1", "--reports-dir", str(reports))
    assert result.returncode == 2 and "R1" in result.stderr and "已被使用" in result.stderr
    assert (reports / "runs" / "R1" / "scorecard.json").read_text(encoding="utf-8") == "{}"   # kept
    bad = shopper("run", "--run-id", "../escape", "--reports-dir", str(reports))
    assert bad.returncode == 2 and not (tmp_path / "escape").exists()


def test_run_folder_helpers(tmp_path):
    from shopper import paths

    first = paths.claim_run_dir(tmp_path, "A")
    with pytest.raises(paths.RunIdTaken):
        paths.claim_run_dir(tmp_path, "A")
    second = paths.claim_run_dir(tmp_path, "B")
    assert paths.latest(tmp_path) is None
    paths.set_latest(tmp_path, first)
    paths.set_latest(tmp_path, second)
    assert paths.latest(tmp_path) == second.resolve() and (tmp_path / "latest").is_symlink()
    assert paths.history_dir(tmp_path, "p/../x") == tmp_path / "history" / "p_.._x"


def test_a_live_profile_without_its_account_variables_stops_before_a_browser(tmp_path):
    import os
    env_names = ("SHOPPER_LIVE_USER", "SHOPPER_LIVE_PASSWORD")
    saved = {n: os.environ.pop(n) for n in env_names if n in os.environ}
    try:
        result = shopper("run", "--portal", "example-live", "--reports-dir", str(tmp_path))
    finally:
        os.environ.update(saved)
    assert result.returncode == 4
    assert "SHOPPER_LIVE_USER" in result.stderr and "SHOPPER_LIVE_PASSWORD" in result.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").rglob("*.json"))


def test_latest_is_a_pointer_file_where_symlinks_fail(tmp_path, monkeypatch):
    import os

    from shopper import paths

    run = paths.claim_run_dir(tmp_path, "A")

    def no_symlinks(*_args, **_kwargs):
        raise OSError("symlinks not supported here")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    paths.set_latest(tmp_path, run)
    pointer = tmp_path / "latest"
    assert pointer.is_file() and not pointer.is_symlink()
    assert pointer.read_text(encoding="utf-8").strip() == "runs/A"
    assert paths.latest(tmp_path) == run
