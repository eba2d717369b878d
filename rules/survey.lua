--[[
顾客满意度调查 —— 装饰工程顾客满意度调查报告（DOMAIN.md 的 P2；问题取自 seeds/004 的电话回访规范用语，
计分取自 seeds/001，回收率取自 seeds/002）
Customer satisfaction survey of a decoration company (P2 of DOMAIN.md): the questions of seed 004's phone
script, the scoring of seed 001, the return-rate target of seed 002.

本文件是公司的调查政策：量表、分值、满分、哪些题计入总体满意度、目标，都写在这里，C 程序里没有。
Every number of the policy lives in this file, none in the C host: edit and re-run.

计分（seeds/001「工程质量回访和顾客满意度调查制度」）/ Scoring:
  有「很满意」选项时：很满意 3 分，满意 2 分，一般 1 分，不满意 0 分，很不满意 −1 分；
  无「很满意」选项时：满意 3 分，一般 2 分，不满意 0 分（量表 three，本调查未用，留作参考）。
  满意度 = 实际得分 / 满分 × 100%，满分 = 作答题数 × 3。
  未作答（空白或「不适用」）的题既不计得分，也不计满分。因为有 −1 分，满意度可以为负。

本规则的取舍 / Choices this rule makes (the seeds do not say):
  1. 总体满意度只计五级量表的 7 道题（与 seeds/001 的「满分 = 题数 × 3」一致）。
     是/否题（定期巡查、文明施工标识、违规行为、推荐）与 0–5 分整体评分单独统计，不计入总体满意度。
     Only the seven 5-level questions make the overall satisfaction; the yes/no questions and the
     0–5 overall score are reported on their own.
  2. 「是否发现公司人员有违反公司规定的行为」答「是」是坏事：用反向量表 violation（否 1 分，是 0 分）。
     For the violation question "yes" is bad: a reversed scale.
  3. 0–5 分整体评分（seeds/004：5 分非常满意 … 0 分感觉极差）的满分取最高分 5；其满意度 = 平均分 / 5。
  4. 回收率 = 有效回收问卷 / 发放份数，目标 ≥ 50%（seeds/002：调查表的回收率应达到 50% 以上）。
     作废问卷（问卷状态 = 无效）不算回收。
  5. 总体满意度目标 85%：种子文件未给出数值，这是本公司质量目标的假设值，按需修改。
     The 85% satisfaction target is this company's assumed quality objective (no seed gives one).
]]

return huifang.policy {
  name = "顾客满意度调查",

  report = {
    title = "顾客满意度调查报告",
    company = "华庭装饰工程有限公司",
    brand = {
      colours = { primary = "#6A1B9A", accent = "#4A148C",
                  palette = { "#6A1B9A", "#2E86AB", "#7FB069", "#F2A541", "#C8553D", "#90A4AE" } },
      footer = "{company} · 客户服务部 · 规则 {hash}",
    },
    charts = {
      { "team_satisfaction", kind = "bars", title = "各工程队满意度", table = "survey_by_team",
        label = "team", value = "satisfaction", target_kpi = "survey_satisfaction" },
      { "question_satisfaction", kind = "bars", title = "各题满意度（由低到高）", table = "survey_questions",
        label = "question", value = "satisfaction", order = "asc", target_kpi = "survey_satisfaction" },
      { "overall_answers", kind = "donut", title = "「整体评分」答案分布", table = "survey_distribution",
        label = "answer", value = "count", where = { question = "整体评分" } },
      { "project_satisfaction", kind = "bars", title = "各项目满意度（由低到高）", table = "survey_by_project",
        label = "project", value = "satisfaction", order = "asc", target_kpi = "survey_satisfaction" },
    },
  },

  inputs = {
    -- 回访问卷：一行 = 一份回收的问卷 / one row per returned form
    responses = {
      file = "responses.csv",
      fields = {
        form      = "问卷编号",
        date      = { "回收日期", type = "date" },
        customer  = "客户编号",
        name      = "客户姓名",
        phone     = "联系电话",
        project   = "楼盘项目",
        room      = "房号",
        team      = "施工班组",
        designer  = "设计师",
        method    = { "调查方式", type = "enum", values = { "电话", "信函", "上门" } },
        status    = { "问卷状态", type = "enum", values = { "有效", "无效" } },
        -- 以下为问题（规范用语见 seeds/004）；答案由下面的量表校验 / the questions, checked against their scales
        design    = "设计满意度",        -- 请问您对我们公司的设计是否满意
        quality   = "施工质量",          -- 请问您对施工质量是否满意
        attitude  = "服务态度",          -- 请问您对工作人员的服务态度是否满意
        progress  = "工程进度",          -- 请问您的装修工程是否按期完工，您对工程进度是否满意
        staff     = "各岗位服务",        -- 对设计师、工程巡检员、施工人员及项目经理在工程各阶段的服务态度是否满意
        patrol    = "定期巡查",          -- 公司相关人员是否按要求定期对工地进行巡查（是/否）
        signs     = "文明施工标识",      -- 施工人员是否按要求张贴文明施工标识（是/否）
        civil     = "文明施工与安全",    -- 对工地现场的文明施工标准及安全措施是否满意
        rules     = "管理规定",          -- 对公司制定的管理规定及施工中的各项规章制度是否满意
        violation = "违规行为",          -- 在施工过程中，是否发现公司人员有违反公司规定的行为（是/否）
        recommend = "愿意推荐",          -- 如果您的家人朋友需要装修，您是否会向他们推荐我公司（是/否）
        score     = "整体评分",          -- 请您对我们的整体服务打分（0–5 分）
        advice    = { "意见建议", optional = true },
      },
    },
    -- 发放记录：一行 = 发出的一份问卷 / one row per form sent
    sent = {
      file = "sent.csv",
      fields = {
        date     = { "发放日期", type = "date" },
        customer = "客户编号",
        project  = "楼盘项目",
        method   = { "发放方式", type = "enum", values = { "电话", "信函", "上门" } },
      },
    },
  },

  scales = {
    -- 有「很满意」选项的五级量表（seeds/001）；空白与「不适用」算未作答
    five = { { "很满意", 3 }, { "满意", 2 }, { "一般", 1 }, { "不满意", 0 }, { "很不满意", -1 },
             full = 3, skip = { "", "不适用" } },
    -- 无「很满意」选项的三级量表（seeds/001），本调查未用
    three = { { "满意", 3 }, { "一般", 2 }, { "不满意", 0 }, full = 3, skip = { "", "不适用" } },
    -- 整体评分 0–5 分（seeds/004）：5 非常满意，4 比较满意，3 感觉一般，2 不满意，1 非常不满意，0 感觉极差
    score05 = { { "5", 5 }, { "4", 4 }, { "3", 3 }, { "2", 2 }, { "1", 1 }, { "0", 0 }, skip = "" },
    yesno = { { "是", 1 }, { "否", 0 }, skip = { "", "不清楚" } },
    -- 违规行为：答「否」才是好事（见文件头取舍 2）
    violation = { { "否", 1 }, { "是", 0 }, skip = { "", "不清楚" } },
  },

  satisfaction = {
    { "survey", title = "顾客满意度",
      input = "responses",
      where = { status = "有效" },          -- 作废问卷不计
      date = "date",                         -- --period 之外回收的问卷不计
      scale = "five",                        -- 未写 scale 的问题用五级量表
      questions = {
        "design", "quality", "attitude", "progress", "staff",
        { "patrol",    scale = "yesno",     overall = false },
        { "signs",     scale = "yesno",     overall = false },
        "civil", "rules",
        { "violation", scale = "violation", overall = false, label = "未发现违规行为" },
        { "recommend", scale = "yesno",     overall = false, kpi = "推荐意愿" },
        { "score",     scale = "score05",   overall = false, kpi = "整体评分（÷5）" },
      },
      by = { "project", "team" },
      respondent = "customer",
      carry = { "name", "phone", "project", "team" },
      pdf_limit = 30,                        -- 报告列出满意度最低的 30 位客户（供回访跟进），完整清单见 CSV
      target = 0.85,                         -- 总体满意度目标（见文件头取舍 5）
      sent = { input = "sent", date = "date" },
      return_target = 0.50,                  -- 回收率 ≥ 50%（seeds/002）
    },
  },
}
