--[[
呼叫中心回访组质量监控标准 —— 回访组录音质检月报（DOMAIN.md 的 P1）
Call-center callback QC policy (P1 of DOMAIN.md; source: seeds/000, the last document).

本文件是公司的质检政策：所有比例、阈值、考核项、权重都写在这里，C 程序里没有。
质检部门修改本文件后重新运行即可，无需重新编译。
Every number of the policy lives in this file, none in the C host: edit and re-run.

原文的矛盾之处（本规则的取舍）/ Where the seed contradicts itself, and what this rule chooses:
  1. 「规范话术」在质检项目表中为「非致命」，项目明细中写作「致命项」：本规则按表格，取非致命。
     The item table says 规范话术 is non-fatal, the detail text says fatal: we follow the table.
  2. 合格标准原文为「非致命错误<3项或致命错误=0」，与「不合格：非致命错误≥3项或致命错误>0」矛盾：
     本规则把「或」读作「且」（合格 = 致命项为 0 且 非致命项少于 3 项），与不合格的定义一致。
     The seed's 合格 line says "or"; read as "and", consistent with its 不合格 line.
  3. 原文：合格率 =（合格录音条数 / 总监听条数）× 质检比例，优秀率 =（优秀条数 / 合格条数）× 质检比例。
     本规则的合格率、优秀率不乘权重，质检成绩 =（合格率 + 优秀率）× 质检比例（weight）。
     The seed weights each rate; here the rates stay plain and qc_score = (pass + excellence) × weight.
]]

return huifang.policy {
  name = "回访组质检月报",

  report = {
    title = "回访组录音质检月报",
    company = "某证券呼叫中心",
    -- PDF 中「不合格录音」清单最多列出的条数；其余条数会在报告中注明，完整清单见 unqualified.csv / results.json。
    -- Rows of the unqualified list printed in the PDF; the rest are counted there and are all in the CSV/JSON.
    unqualified_limit = 300,
    -- 图表：画哪张结果表的哪些列（模板决定放在哪里，默认 templates/monthly.lua 放在目录之后）。
    -- Charts: which results table and columns each draws; the template places them.
    -- --split-by 时每位收件人的摘要：放哪些图、哪些表、每表最多几行。
    template_options = {
      summary_charts = { "levels" },
      summary_tables = {
        { "by_agent", columns = { "agent", "name", "checked", "qualified", "pass_rate", "excellence_rate", "qc_score" } },
        { "unqualified", columns = { "date", "name", "call_id", "failed_items" }, limit = 3 },
      },
      summary_rows = 5,
    },
    charts = {
      { "team_pass", kind = "bars", title = "各班组合格率", table = "by_team", label = "team",
        value = "pass_rate", target_kpi = "pass_rate" },
      { "agent_low", kind = "bars", title = "合格率最低的 15 位坐席", table = "by_agent", label = "name",
        value = "pass_rate", order = "asc", limit = 15, target_kpi = "pass_rate" },
      { "daily", kind = "lines", title = "每日覆盖率走势", table = "daily_coverage", label = "date",
        series = { "ratio" }, target_kpi = "coverage_ratio" },
      { "levels", kind = "donut", title = "录音级别占比", table = "levels", label = "level", value = "count" },
      { "team_levels", kind = "stacked", title = "各班组录音级别分布（条）", table = "by_team", label = "team",
        series = { "excellent", "middling", "unqualified" } },
      { "trend", kind = "trend", title = "逐月趋势", kpis = { "pass_rate", "excellence_rate", "coverage_ratio" } },
    },
  },

  inputs = {
    -- 质检统计表：一行 = 一条被抽检的通话录音 / one row per checked recording
    checks = {
      file = "checks.csv",
      encoding = "auto",     -- "auto"（UTF-8 / 带 BOM 的 UTF-8 / GB18030 自动识别）、"utf-8" 或 "gb18030"
      on_error = "fail",     -- 坏行即报错退出；改为 "skip" 则跳过坏行并在报告中逐条列出
      fields = {
        agent     = "工号",
        name      = "员工姓名",
        team      = "组别",
        grade     = { "员工级别", type = "enum", values = { "单技能", "双技能" } },
        date      = { "抽检日期", type = "date" },          -- yyyymmdd
        time      = { "抽检时间", type = "time" },          -- HH:MM:SS
        call_id   = "通话流水",
        customer  = "客户编号",
        duration  = { "录音时长", type = "int" },           -- 秒 / seconds
        outcome   = "回访结果",
        checker   = "抽检人",
        strengths = { "优点", optional = true },
        improve   = { "待改进", optional = true },
      },
    },
    -- 录音量：每天每个坐席的录音条数，用于每日抽检覆盖率 / daily recordings per agent
    volume = {
      file = "volume.csv",
      fields = {
        date       = { "日期", type = "date" },
        agent      = "工号",
        recordings = { "录音量", type = "int" },
      },
    },
    -- 质检结果发布记录（可选）：每个抽检日的结果何时公布；没有这个文件时「发布时限」一节不出结果。
    -- QC results publishing log (optional): when each day's results were published; without the file the
    -- publishing deadline below reports nothing.
    publish = {
      file = "publish.csv",
      optional = true,
      fields = {
        date      = { "抽检日期", type = "date" },
        published = { "发布时间", type = "datetime", optional = true },  -- 空 = 尚未发布 / empty = not yet
      },
    },
  },

  -- 时效：T 日的质检结果须于 T+1 日 11:30 前公布（含 11:30）。
  -- Timeliness: day T's QC results are published by 11:30 on day T+1 (11:30 itself is on time).
  deadlines = {
    { "qc_publish", title = "结果发布", input = "publish",   -- 标题短，指标卡片放得下 / short: fits the KPI cards
      start = "date", done = "published",
      next_day_at = { "11:30", days = 1 } },   -- 次日 / the next calendar day (the call center works weekends too)
  },

  scorecard = {
    input = "checks",
    date = "date",
    -- 分值设定：「1」通过、「0」不通过、「N/A」不涉及
    values = { pass = "1", fail = "0", na = "N/A" },
    items = {
      -- 一、业务类考核
      { "业务精准度及风险控制", group = "业务类",   fatal = true },
      { "业务熟练度",           group = "业务类",   fatal = true },
      { "通话类型及通话登记",   group = "业务类",   fatal = true },
      { "规范话术",             group = "业务类",   fatal = false },  -- 见文件头矛盾 1 / see note 1
      -- 二、服务类考核
      { "服务礼仪",             group = "服务类",   fatal = false },
      { "服务主动性",           group = "服务类",   fatal = true },
      { "服务禁忌项",           group = "服务类",   fatal = true },
      -- 三、通话技巧考核
      { "语言规范",             group = "通话技巧", fatal = false },
      { "语言表达逻辑性",       group = "通话技巧", fatal = false },
      { "主动安抚",             group = "通话技巧", fatal = false },
    },
    -- 合格：致命项 = 0 且 非致命项 < 3（即 ≤ 2）。见文件头矛盾 2。
    -- A company whose rule differs may write a function instead:
    --   qualified = function(r) return r.fatal_fails == 0 and r.nonfatal_fails < 3 end,
    qualified = { max_fatal = 0, max_nonfatal = 2 },
    -- 优秀录音：无不通过项目 / excellent: no item failed
    excellent = { max_fails = 0 },
    levels = { excellent = "优秀", qualified = "中等", unqualified = "差" },
    -- 质检比例（绩效权重），默认 1 / the 质检比例 weight
    weight = 1,
    -- 不合格录音清单：列出的字段与备注 / the unqualified list: fields shown, and the note
    list = { fields = { "date", "time", "agent", "name", "team", "call_id" }, note = "improve" },
  },

  groups = {
    { "by_agent", title = "坐席质检成绩", by = { "agent" }, carry = { "name", "team" } },
    { "by_team",  title = "班组质检成绩", by = { "team" } },
  },

  -- 每日录音样本量应保证不少于当日录音量的 10%
  coverage = { input = "volume", date = "date", count = "recordings", ratio = 0.10 },
}
