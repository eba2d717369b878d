--[[
装饰装修售后回访 —— 在施工程电话回访、质保期回访、满意度、投诉比率与周报（DOMAIN.md 的 P7）
Decoration / renovation callbacks (P7 of DOMAIN.md; source: seeds/004 装修装饰售后回访制度 —
「装饰装修企业电话回访制度」、「在施工程回访时间点」「质保期回访频率」、电话回访规范用语、
「装饰项目回访保修服务承诺制度」; the 0–5 score and yes/no questions also in P2).

本文件是公司的回访政策：回访时间点、时间窗、质保期回访频率、问卷量表、投诉比率的口径、周报时限、
服务承诺时限、节假日与目标都写在这里，C 程序里没有。修改本文件后重新运行即可，无需重新编译。
Every number of the policy lives in this file, none in the C host: edit and re-run.

数据 / Data (samples/decoration/README.md): projects.csv 工程台账（含设计师、巡检员、施工队、回访员、
开工 / 中期款 / 竣工日期、本月被投诉次数），callbacks.csv 回访记录，surveys.csv 电话回访问卷，
complaints.csv 本月投诉登记，weekly.csv 周例会材料上报，service.csv 回访保修服务申请。

本规则的取舍 / What this rule chooses where the seed is vague or contradicts itself:
  1. 在施工程三次电话回访（004「在施工程回访时间点」）/ the three construction-phase phone callbacks:
     - 前期回访「工程开工后 10 日左右」：「左右」取 ±3 天，即开工后第 7–13 天（时间窗 7 天，应回访日
       开工 + 13 天）。只写「开工后 10 日内」的公司改为 offset = { days = 10 } 并删去 window。
       "About 10 days after start": days 7..13 (±3), due start + 13.
     - 中期回访「客户交纳工程中期款后 3 日内」：交款次日至第 3 天（交款当天的回访不算，按「后」字）。
       "Within 3 days of the mid-term payment": the 3 days after the payment day.
     - 竣工回访「整体工程竣工、客户交纳全部工程款且办理完相关保修手续后 10 日内」：台账的「竣工日期」
       就是这三件事都办完的日期。"Within 10 days of completion" (completion = final payment and
       warranty paperwork done: the ledger's 竣工日期).
     - 「电话回访」：只有回访方式为「电话」、回访类别为「施工期回访」的记录算数；短信、上门不算这三次。
     - 「未能按时完工的工程应记录其具体完工时间，以便再次回访」：竣工回访以实际「竣工日期」为起算日，
       台账更新竣工日期即可；还没有中期款 / 竣工日期的工程，对应的回访尚未应回访（不列入）。
  2. 质保期回访（004「质保期回访频率」，电话）：一年内每季度一次，两年内每半年一次，两年以上每年一次。
     「两年以上」没有终点：本规则不设终点（开放式）；公司若只在保修期内回访，给第三段加
     to = { years = 5 }（防水工程最长 5 年）或删去。Open-ended yearly after year 2.
     变体（004「装饰工程回访制度内容范本」）/ the variant: 竣工后一周内、一个月、三个月各回访一次，此后每半年一次 ——
       { "竣工一周回访",   anchor = "completion", offset = { weeks = 1 } },
       { "竣工一个月回访", anchor = "completion", offset = { months = 1 }, window = { days = 23 } },
       { "竣工三个月回访", anchor = "completion", offset = { months = 3 }, window = { months = 2 } },
       { "此后每半年回访", anchor = "completion", every = { months = 6 }, from = { months = 3 } },
     其他说法（004，不采用）：「竣工后 3 个月内回访」；重要部件、结构体系 90 日内、其他部位 15 日内；
     安装单安装结束次日回访；合同单签约后 48 小时内回访设计、导购（本台账没有合同单、安装单）；
     瓷砖交付后 60 天、木作换季回访（DOMAIN.md P7，台账无材料类别列）。
  3. 回访覆盖率与回访次数（004「每个在施工程至少回访 3 次，回访率达到全部在施工程的 90%」；另一版本
     「至少回访 3 次（施工阶段 2 次，竣工后 1 次）」）：读作两个目标 ——
     (a) 回访覆盖率：至少有 1 次施工期电话回访的工程 ≥ 90%；
     (b) 回访次数：施工期电话回访 ≥ 3 次的工程 ≥ 90%（「回访率 90%」也适用于 3 次的要求；要求每个工程
         都满 3 次的公司把 at_least 改为 1）。
     分母是台账里的全部工程（targets 的 universe 不能加筛选条件，见 docs/rules-decoration.md）：
     刚开工、还没到竣工的工程不可能已有 3 次回访，会拉低 (b)。
  4. 满意度问卷（004 电话回访规范用语）：各题是「是否满意 / 是否按要求」的是 / 否题，是 = 1 分，
     否 = 0 分，「不清楚」或空白算未作答；「是否发现公司人员有违反公司规定的行为」答「否」才是好事
     （反向量表）。总体满意度 = 10 道是 / 否题的「好」答案占比；「是否会推荐」和 0–5 分整体评分
     （5 非常满意 … 0 感觉极差）单独统计，不计入总体满意度。种子没有给满意度目标，本规则不设。
  5. 被投诉比率（004 第八条「每月最后一个周三例会前，做出设计师、巡检、施工队被投诉比率的统计和报表」）：
     被投诉比率 = 本月被投诉的在施工程数 / 在施工程数（按设计师、巡检员、施工队分别统计），另列被投诉
     次数合计。投诉针对谁由投诉登记的「投诉对象」决定，工程台账的三个「本月被投诉次数」列即由投诉登记
     汇总而来（表格不能跨两个输入做比值，见 docs/rules-decoration.md）。只统计在施工程：竣工工程的投诉
     走售后保修。Complaint ratio = in-progress projects complained about this month / in-progress projects.
  6. 周例会材料（004 第七条）：在施工程电话回访情况通报、竣工工程电话回访情况通报、每周电话回访情况通报、
     本周竣工工程一览表，「于每周三上午 12 时前打印上报」：某周的材料在下一周的周三 12:00 前上报。
     另一版本「回访单于当周周日下午 5 点前打印上报」可写为 start = 周一 0 点，within = { hours = 161 }
     （6 天 17 小时）。
  7. 服务承诺（004「回访保修服务承诺」）：申请后 24 小时内初步审核；服务范围和时间确定（审核）后 48 小时内
     安排专人；服务完成后 7 个工作日内编制完成回访保修服务报告。工作日按下面的节假日日历。
     「维修人员 2 日内上门」（DOMAIN.md P7）与「问题当日报告客户服务部经理」未单列（登记表无对应列）。
  8. 节假日日历：2026 年放假与调休安排（按国务院办公厅通知整理，每年须按当年通知更新）。
]]

return huifang.policy {
  name = "装饰装修售后回访",

  report = {
    title = "装饰工程回访月报",
    company = "鼎鑫装饰工程有限公司",
    brand = {
      colours = { primary = "#00695C", accent = "#004D40",
                  palette = { "#00897B", "#F2A541", "#5C6BC0", "#C8553D", "#7FB069", "#6C4F77" } },
      footer = "{company} · 客服部 · 规则 {hash}",
    },
    charts = {
      { "designer_ratio", kind = "bars", title = "设计师被投诉比率", table = "complaints_by_designer",
        label = "designer", value = "ratio" },
      { "complaint_targets", kind = "donut", title = "本月投诉对象构成", table = "complaints_by_target",
        label = "target", value = "count" },
      { "phase_status", kind = "stacked", title = "各回访员施工回访：已完成与逾期", table = "phase_callbacks_by_owner",
        label = "clerk", series = { "done", "overdue" } },
      { "designer_satisfaction", kind = "bars", title = "各设计师满意度", table = "survey_by_designer",
        label = "designer", value = "satisfaction", order = "asc" },
      { "overall_answers", kind = "donut", title = "「整体评分」答案分布", table = "survey_distribution",
        label = "answer", value = "count", where = { question = "整体评分" } },
    },
  },

  inputs = {
    -- 工程台账：一行 = 一个装修工程 / the project ledger, one row per project
    projects = {
      file = "projects.csv",
      fields = {
        project_id = "工程编号",
        customer   = "客户姓名",
        phone      = "联系电话",
        address    = "工程地址",
        designer   = "设计师",
        inspector  = "巡检员",
        crew       = "施工队",
        clerk      = "回访员",                                              -- 负责电话回访的客服
        status     = { "工程状态", type = "enum", values = { "在施", "竣工" } },
        start_date = { "开工日期", type = "date" },
        mid_date   = { "中期款日期", type = "date", optional = true },      -- 空 = 尚未交中期款
        completion_date = { "竣工日期", type = "date", optional = true },   -- 竣工、交清全款并办完保修手续之日
        c_design   = { "本月设计投诉", type = "int" },                      -- 本月被投诉次数（由投诉登记汇总，取舍 5）
        c_inspect  = { "本月巡检投诉", type = "int" },
        c_crew     = { "本月施工投诉", type = "int" },
      },
    },
    -- 回访记录：一行 = 一次回访 / one row per callback made
    callbacks = {
      file = "callbacks.csv",
      fields = {
        callback_id = "回访编号",
        project_id  = "工程编号",
        date        = { "回访日期", type = "date" },
        kind        = { "回访类别", type = "enum", values = { "施工期回访", "质保期回访" } },
        method      = { "回访方式", type = "enum", values = { "电话", "短信", "上门" } },
        clerk       = "回访员",
        note        = { "客户意见", optional = true },
      },
    },
    -- 电话回访问卷：一行 = 一份完成的问卷（规范用语见 004）/ one row per phone survey
    surveys = {
      file = "surveys.csv",
      fields = {
        form       = "问卷编号",
        project_id = "工程编号",
        date       = { "回访日期", type = "date" },
        customer   = "客户姓名",
        designer   = "设计师",
        inspector  = "巡检员",
        crew       = "施工队",
        design     = "设计满意",          -- 请问您对我们公司的设计是否满意
        quality    = "施工质量满意",      -- 请问您对施工质量是否满意
        attitude   = "服务态度满意",      -- 请问您对工作人员的服务态度是否满意
        progress   = "工期满意",          -- 请问您的装修工程是否按期完工，您对工程进度是否满意
        staff      = "各阶段服务满意",    -- 对设计师、工程巡检员、施工人员及项目经理在工程各阶段的服务态度是否满意
        patrol     = "按要求巡查",        -- 公司相关人员是否按要求定期对工地进行巡查
        signs      = "张贴文明施工标识",  -- 施工人员是否按要求张贴文明施工标识
        civil      = "文明施工安全满意",  -- 对工地现场的文明施工标准及安全措施是否满意
        rules      = "规章制度满意",      -- 对公司制定的管理规定及施工中的各项规章制度是否满意
        violation  = "发现违规行为",      -- 在施工过程中，是否发现公司人员有违反公司规定的行为
        recommend  = "愿意推荐",          -- 家人朋友需要装修，您是否会向他们推荐我公司
        score      = "整体评分",          -- 请您对我们的整体服务打分（0–5 分）
        advice     = { "意见建议", optional = true },
      },
    },
    -- 本月投诉登记：一行 = 一次投诉 / this month's complaint register
    complaints = {
      file = "complaints.csv",
      fields = {
        complaint_id = "投诉编号",
        project_id   = "工程编号",
        date         = { "投诉日期", type = "date" },
        target       = { "投诉对象", type = "enum", values = { "设计师", "巡检员", "施工队" } },
        person       = "被投诉人",
        content      = "投诉内容",
      },
    },
    -- 周例会材料上报：一行 = 某周的一份材料 / one row per weekly meeting document
    weekly = {
      file = "weekly.csv",
      fields = {
        week      = { "周次", type = "date" },                                -- 该周的周一
        material  = { "材料名称", type = "enum", values = {
          "在施工程电话回访情况通报", "竣工工程电话回访情况通报", "每周电话回访情况通报", "本周竣工工程一览表" } },
        submitter = "上报人",
        submitted = { "上报时间", type = "datetime", optional = true },       -- 空 = 尚未上报
      },
    },
    -- 回访保修服务申请：一行 = 一次申请 / one row per after-sales service application
    service = {
      file = "service.csv",
      fields = {
        service_id = "申请编号",
        project_id = "工程编号",
        applied    = { "申请时间", type = "datetime" },
        reviewed   = { "审核时间", type = "datetime", optional = true },      -- 空 = 尚未审核
        assigned   = { "派员时间", type = "datetime", optional = true },      -- 空 = 尚未安排专人
        served     = { "服务完成日期", type = "date", optional = true },
        reported   = { "报告完成日期", type = "date", optional = true },
        staff      = "负责人",
      },
    },
  },

  -- 取舍 8：2026 年放假安排 / the 2026 holidays and 调休 working days
  calendar = {
    holidays = {
      { from = "2026-01-01", to = "2026-01-03" },   -- 元旦
      { from = "2026-02-15", to = "2026-02-23" },   -- 春节
      { from = "2026-04-04", to = "2026-04-06" },   -- 清明节
      { from = "2026-05-01", to = "2026-05-05" },   -- 劳动节
      { from = "2026-06-19", to = "2026-06-21" },   -- 端午节
      { from = "2026-09-25", to = "2026-09-27" },   -- 中秋节
      { from = "2026-10-01", to = "2026-10-07" },   -- 国庆节
    },
    workdays = { "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10" },
  },

  schedules = {
    -- 取舍 1：在施工程三次电话回访 / three phone callbacks per project under construction
    { "phase_callbacks", title = "施工回访",   -- 短标题：PDF 指标卡放得下「施工回访：回访完成率」
      input = "projects", key = "project_id", owner = "clerk",
      fields = { "customer", "phone" },
      anchors = {
        { "start", field = "start_date" },
        { "mid_payment", field = "mid_date" },
        { "completion", field = "completion_date" },
      },
      slots = {
        { "开工回访", anchor = "start", offset = { days = 13 }, window = { days = 7 } },   -- 开工后 10 日左右（±3 天）
        { "中期回访", anchor = "mid_payment", offset = { days = 3 } },                    -- 交中期款后 3 日内
        { "竣工回访", anchor = "completion", offset = { days = 10 } },                    -- 竣工后 10 日内
      },
      visits = { input = "callbacks", key = "project_id", date = "date",
                 where = { kind = "施工期回访", method = "电话" } },
      upcoming_days = 14,   -- 报告的「近期待回访」：时间窗已开始或 14 天内开始的回访（报告口径，非种子数字）
      pdf_limit = 100 },
    -- 取舍 2：质保期电话回访 / warranty-period phone callbacks
    { "warranty_callbacks", title = "质保回访",
      input = "projects", key = "project_id", owner = "clerk",
      fields = { "customer", "phone" },
      where = { completion_date = { empty = false } },
      anchors = { { "completion", field = "completion_date" } },
      slots = {
        { "第一年季度回访", anchor = "completion", every = { months = 3 }, to = { years = 1 } },               -- 一年内每季度
        { "第二年半年回访", anchor = "completion", every = { months = 6 }, from = { years = 1 }, to = { years = 2 } },  -- 两年内每半年
        { "两年后年度回访", anchor = "completion", every = { years = 1 }, from = { years = 2 } },              -- 两年以上每年
      },
      visits = { input = "callbacks", key = "project_id", date = "date",
                 where = { kind = "质保期回访", method = "电话" } },
      upcoming_days = 30,     -- 「近期待回访」：30 天内开始的回访（报告口径）
      plan_next_year = true,  -- 次年度质保期回访计划
      notify_days = 0,        -- 电话回访无需提前通知客户（种子未要求），计划表的「通知日」即时间窗开始日
      pdf_limit = 100 },
  },

  scales = {
    -- 取舍 4：是 / 否题；「不清楚」与空白算未作答
    yesno = { { "是", 1 }, { "否", 0 }, skip = { "", "不清楚" } },
    -- 「是否发现违规行为」：答「否」是好事
    violation = { { "否", 1 }, { "是", 0 }, skip = { "", "不清楚" } },
    -- 整体评分 0–5：5 非常满意，有机会一定推荐；4 比较满意，会考虑推荐；3 感觉一般，问题可以及时解决；
    -- 2 不满意，很多质量问题解决不及时；1 非常不满意，质量问题多且得不到解决；0 感觉极差，不考虑再次合作
    score05 = { { "5", 5 }, { "4", 4 }, { "3", 3 }, { "2", 2 }, { "1", 1 }, { "0", 0 }, skip = "" },
  },

  satisfaction = {
    { "survey", title = "电话回访满意度",
      input = "surveys", date = "date", scale = "yesno",
      questions = {
        "design", "quality", "attitude", "progress", "staff", "patrol", "signs", "civil", "rules",
        { "violation", scale = "violation", label = "未发现违规行为" },
        { "recommend", overall = false, kpi = "推荐意愿" },
        { "score", scale = "score05", overall = false, kpi = "整体评分（÷5）" },
      },
      by = { "designer", "inspector", "crew" },
      respondent = "project_id", carry = { "customer" },
      pdf_limit = 20 },
  },

  tables = {
    -- 取舍 5：被投诉比率（在施工程）/ complaint ratios over in-progress projects
    { "complaints_by_designer", title = "设计师被投诉比率（本月，在施工程）", input = "projects",
      where = { status = "在施" }, by = { "designer" }, total = true,
      columns = {
        { "projects", "在施工程数" },
        { "complained", "被投诉工程数", count = { where = { c_design = { gt = 0 } } } },
        { "ratio", "被投诉比率", ratio = { "complained", "projects" } },
        { "complaints", "被投诉次数", sum = "c_design" },
      } },
    { "complaints_by_inspector", title = "巡检员被投诉比率（本月，在施工程）", input = "projects",
      where = { status = "在施" }, by = { "inspector" }, total = true,
      columns = {
        { "projects", "在施工程数" },
        { "complained", "被投诉工程数", count = { where = { c_inspect = { gt = 0 } } } },
        { "ratio", "被投诉比率", ratio = { "complained", "projects" } },
        { "complaints", "被投诉次数", sum = "c_inspect" },
      } },
    { "complaints_by_crew", title = "施工队被投诉比率（本月，在施工程）", input = "projects",
      where = { status = "在施" }, by = { "crew" }, total = true,
      columns = {
        { "projects", "在施工程数" },
        { "complained", "被投诉工程数", count = { where = { c_crew = { gt = 0 } } } },
        { "ratio", "被投诉比率", ratio = { "complained", "projects" } },
        { "complaints", "被投诉次数", sum = "c_crew" },
      } },
    { "complaints_by_target", title = "本月投诉登记：按投诉对象", input = "complaints", by = { "target" }, total = true,
      columns = { { "count", "投诉次数" } } },
    { "complaint_list", title = "本月投诉登记", input = "complaints",
      list = { "complaint_id", "date", "project_id", "target", "person", "content" }, pdf_limit = 60 },
  },

  deadlines = {
    -- 取舍 6：每周三上午 12 时前上报上周的例会材料 / weekly documents by Wednesday 12:00 of the next week
    { "weekly_report", title = "周报材料", input = "weekly",
      start = "week", done = "submitted", weekday_at = { 3, "12:00" },
      by = { "material" }, fields = { "material", "submitter" } },
    -- 取舍 7：申请后 24 小时内初步审核 / reviewed within 24 hours
    { "service_review", title = "审核24h", input = "service",
      start = "applied", done = "reviewed", within = { hours = 24 },
      by = { "staff" }, fields = { "service_id", "project_id" } },
    -- 取舍 7：审核（服务范围和时间确定）后 48 小时内安排专人 / staff assigned within 48 hours
    { "service_assign", title = "派员48h", input = "service",
      start = "reviewed", done = "assigned", within = { hours = 48 },
      by = { "staff" }, fields = { "service_id", "project_id" } },
    -- 取舍 7：服务完成后 7 个工作日内完成报告 / report within 7 working days
    { "service_report", title = "报告7工作日", input = "service",
      start = "served", done = "reported", within = { working_days = 7 },
      by = { "staff" }, fields = { "service_id", "project_id" } },
  },

  targets = {
    -- 取舍 3(a)：回访覆盖率 ≥ 90% / at least one phase callback for 90% of projects
    { "callback_coverage", label = "施工期回访覆盖率", input = "callbacks",
      where = { kind = "施工期回访", method = "电话" }, per = "project_id", count_at_least = 1,
      universe = { input = "projects", field = "project_id" }, at_least = 0.90 },
    -- 取舍 3(b)：每个工程至少回访 3 次 / at least 3 phase callbacks per project
    { "three_callbacks", label = "回访满 3 次工程占比", input = "callbacks",
      where = { kind = "施工期回访", method = "电话" }, per = "project_id", count_at_least = 3,
      universe = { input = "projects", field = "project_id" }, at_least = 0.90 },
  },
}
