// Allure 3 configuration of the 模拟办事 suite. Generated once per run by `python -m shopper report`.
// Paths are relative to the project root (the CLI runs allure from there).
import { defineConfig } from "allure";

export default defineConfig({
  name: "模拟办事 · 政务服务网体验监测",
  output: "./reports/allure-report",
  // one JSONL line per generate: the CLI generates once per run, so the trend has one point per run;
  // the CLI points it at the portal's own history (reports/history/<portal>/allure-history.jsonl)
  historyPath: process.env.SHOPPER_ALLURE_HISTORY || "./reports/history/allure-history.jsonl",
  historyLimit: 60,
  plugins: {
    awesome: {
      options: {
        reportName: "模拟办事 · 政务服务网体验监测",
        reportLanguage: "zh",
        singleFile: false,
        groupBy: ["epic", "feature", "story"],
      },
    },
  },
  // Allure 3 reads categories from here (it ignores categories.json). The suite labels each failed
  // journey with `failure_class`; the message prefixes (门户缺陷 / 环境故障) are the fallback.
  categories: [
    {
      name: "门户缺陷 (portal defect)",
      matchers: [
        { statuses: ["failed", "broken"], labels: { failure_class: "portal_defect" } },
        { statuses: ["failed"], message: /门户缺陷/ },
      ],
      groupBy: [{ label: "indicator" }],
      groupByMessage: true,
      expand: true,
    },
    {
      name: "环境故障 (environment)",
      matchers: [
        { statuses: ["failed", "broken"], labels: { failure_class: "environment" } },
        { statuses: ["broken"], message: /环境故障|ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|has been closed|crash/ },
      ],
      groupByMessage: true,
    },
    {
      name: "套件故障 (suite broken)",
      matchers: [
        { statuses: ["failed", "broken"], labels: { failure_class: "suite_broken" } },
        { statuses: ["broken"] },
      ],
      groupByMessage: true,
    },
    {
      name: "不稳定 (flaky: passed on retry)",
      matchers: [{ flaky: true }],
    },
  ],
});
