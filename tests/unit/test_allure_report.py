"""The scorecard inside Allure: a summary result and the total in the environment, which says when
records were left unscored."""
from __future__ import annotations

import json

from shopper.allure_report import add_scorecard_to_results
from shopper.scorecard import write_scorecard
from shopper.scoring import score
from tests.unit.test_scoring import clean_records


def _results(tmp_path, records):
    card = score(records)
    results = tmp_path / "allure-results"
    (results).mkdir()
    (results / "environment.properties").write_text("门户_portal=sandbox\n总分_total=old\n", encoding="utf-8")
    add_scorecard_to_results(results, card, write_scorecard(card, tmp_path / "card"))
    env = (results / "environment.properties").read_text(encoding="utf-8").splitlines()
    [result] = [json.loads(p.read_text(encoding="utf-8")) for p in results.glob("*-result.json")]
    return env, result


def test_clean_run_total_in_environment_and_summary_result(tmp_path):
    env, result = _results(tmp_path, clean_records())
    assert env == ["门户_portal=sandbox", "总分_total=100.0 ★★★★★ (覆盖率 80%)"]
    assert result["name"].startswith("评分卡 sandbox: 总分 100.0") and "未计分" not in result["name"]
    assert {a["name"] for a in result["attachments"]} == {"评分卡.html", "评分卡.md", "评分卡.csv"}


def test_unscored_records_are_named_next_to_the_total(tmp_path):
    records = clean_records()
    for r in records[:2]:
        r.update(outcome="broken", failure_class="environment", failure_message="环境故障: ERR_CONNECTION_REFUSED")
    env, result = _results(tmp_path, records)
    assert env[-1].endswith(", 未计分 2 条)") and env[-1].startswith("总分_total=")
    assert result["name"].endswith("未计分记录 2 条）")
