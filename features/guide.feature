# language: zh-CN
@epic:E办事指南准确度 @feature:E办事指南要素 @story:E1-E4要素检查
@journey:guide @indicator:E1 @indicator:E2 @indicator:E3 @indicator:E4 @indicator:D2
功能: 办事指南准确度
  对门户配置抽样的每份办事指南逐项检查要素（时限、地点、时间、电话、材料来源/份数/介质、流程、
  到现场次数、空表样表、实施编码），下载每一份空表和样表，确认是真实文件。

  场景: 抽样办事指南要素齐全准确
    当 市民打开抽样事项的办事指南
    而且 市民下载办事指南中全部空表和样表
    那么 办事指南各要素均符合要素规则
