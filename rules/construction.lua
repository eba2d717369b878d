--[[
工程质量回访保修 —— 保修期回访计划（DOMAIN.md 的 P3）
Construction warranty callbacks (P3 of DOMAIN.md; sources: seeds/000 质量回访维修制度,
seeds/001 工程回访和顾客投诉处理办法 / 建筑工程项目竣工回访与保修管理办法, seeds/002).

本文件是公司的回访政策：保修期、回访频率、季节性回访的工程类别、提前通知的天数都写在这里，
C 程序里没有。修改本文件后重新运行即可，无需重新编译。
Every number of the policy lives in this file, none in the C host: edit and re-run.

本规则的取舍 / What this rule chooses where the seeds differ:
  1. 保修期自竣工验收合格之日起计算（000：「一般为竣工验收合格之日起一年」）；各类工程的保修期
     按 000 的「按设计年限、五年、三年、一年、半年」由台账的「保修期（月）」列给出（6/12/36/60），
     所以本规则不写死一年。The warranty runs from completion acceptance; its length per category
     (half a year, 1, 3, 5 years) comes from the ledger's int column 保修期（月）.
  2. 定期回访采用 000「质量回访维修制度」的做法（变体 a）：保修期内每季度回访一次，保修期外每年回访一次。
     Variant (a): quarterly within warranty, then yearly.
       变体 (b)（001、004）：保修期内每半年回访一次 ——
         { "保修期内半年回访", anchor = "completion", every = { months = 6 }, to = { anchor = "warranty_end", days = -1 } },
       变体 (c)（000）：移交后三个月、半年和保修期满时各回访一次 ——
         { "移交三个月回访", anchor = "completion", offset = { months = 3 } },
         { "移交半年回访",   anchor = "completion", offset = { months = 6 } },
         { "保修期满回访",   anchor = "warranty_end", offset = { days = 0 }, window = { days = 30 } },
       保修期满后不再定期回访（001）：删去下面的「保修期后年度回访」即可。
  3. 保修期最后一个季度的回访由「保修期满前回访」代替（季度回访排到保修期满前一天为止），
     否则到期日当天会同时欠两次回访。The last quarter's visit is the pre-expiry visit.
  4. 季节性回访（001：「屋面防水及设备安装工程进行季节性回访」「大多数在雨季回访屋面、墙面、门窗的
     防水情况」）：屋面防水、外墙防水、门窗工程、设备安装，保修期内每年 6–8 月（雨季）回访一次。
  5. 年度回访计划（001）：每年十二月编制次年度回访计划，提前 20 天通知顾客单位：计划表的
     「通知客户日」= 回访时间窗开始前 20 天。
  6. 在建工程（竣工验收日期为空）还没有保修回访，不列入计划。

  7. 报修派工时限（001）：接到保修通知（「报修时间」）之日起 12 小时内派人保修，以「派工时间」为完成时间；
     按维修班组统计按时率。Repair crews are dispatched within 12 hours of the notice (001), counted per crew.
     000 的另外两条未写成时限：「涉及结构安全或严重影响使用功能的紧急抢修，接到通知后立即到达现场」——
     报修登记表没有区分紧急程度的列，故不单列；「合同约定的保修时限为 7 天」是合同违约的底线，比 12 小时宽，
     需要时可仿照下面再加一条 within = { days = 7 }。Emergencies (000: "immediately") have no column
     in the repair log, and the contractual 7 days (000) is looser than 12 hours: neither is a deadline here.
  8. 投诉答复时限（001）：收到投诉（「投诉时间」）后 2 天内向顾客报告处理措施，以「答复时间」为完成时间，
     按日历天计算（2 × 24 小时，不顺延节假日），按处理人统计。Complaint measures reported to the
     customer within 2 days (001): calendar days, 48 hours, per handler.
  9. 未派工 / 未答复的记录「派工时间」「答复时间」为空（optional = true），截至 --as-of 当天结束仍未到期的
     记为「未到期」，已过期的记为「逾期未完成」。An empty done cell = not done yet.
  10. 「每月向公司上报回访维修月报」（000）即本报告本身，不另设规则。The monthly report is this report.
]]

return huifang.policy {
  name = "工程质量回访保修",

  report = {
    title = "工程保修期回访报告",
    company = "某建筑工程有限公司",
    brand = {
      colours = { primary = "#8D5524", accent = "#37474F",
                  palette = { "#2E7D32", "#F2A541", "#90A4AE", "#C62828", "#37474F", "#8D5524" } },
      footer = "{company} · 工程部 · 规则 {hash}",
    },
    -- 图表（模板放在目录之后）：完成率/及时率按人、按班组；状态构成用堆叠条形（绿 = 按时，橙 = 逾期完成，灰 = 未到期，红 = 已逾期）。
    -- Charts: rates per manager / crew, and the status make-up as stacked bars.
    charts = {
      { "visit_rate", kind = "bars", title = "各负责人保修回访完成率", table = "warranty_visits_by_owner",
        label = "manager", value = "done_rate", order = "asc" },
      { "visit_status", kind = "stacked", title = "各负责人到期回访：已完成与逾期", table = "warranty_visits_by_owner",
        label = "manager", series = { "done", "overdue" } },
      { "repair_status", kind = "stacked", title = "各维修班报修派工时效构成", table = "repair_dispatch_by_crew",
        label = "crew", series = { "met", "late", "open", "overdue" } },
      { "reply_rate", kind = "bars", title = "各处理人投诉答复及时率", table = "complaint_reply_by_handler",
        label = "handler", value = "met_rate", order = "asc" },
    },
  },

  inputs = {
    -- 工程项目台账：一行 = 一项已签合同的工程 / the project ledger, one row per project
    projects = {
      file = "projects.csv",
      fields = {
        project_id   = "项目编号",
        project_name = "项目名称",
        customer     = "建设单位",
        phone        = "联系电话",
        category     = "工程类别",
        manager      = "项目经理",
        start_date      = { "开工日期", type = "date" },
        completion_date = { "竣工验收日期", type = "date", optional = true },   -- 在建工程为空
        warranty_months = { "保修期（月）", type = "int", optional = true },
      },
    },
    -- 工程回访记录：一行 = 一次回访（电话、上门、信函）/ one row per visit made
    visits = {
      file = "visits.csv",
      fields = {
        project_id = "项目编号",
        visit_date = { "回访日期", type = "date" },
        method     = "回访方式",
        visitor    = "回访人",
        opinion    = { "客户意见", optional = true },
      },
    },
    -- 保修报修登记：一行 = 一次报修通知 / the repair log, one row per repair notice
    repairs = {
      file = "repairs.csv",
      fields = {
        order_id      = "报修单号",
        project_id    = "项目编号",
        reported_at   = { "报修时间", type = "datetime" },                    -- 接到保修通知的时刻
        content       = "报修内容",
        dispatched_at = { "派工时间", type = "datetime", optional = true },   -- 空 = 尚未派工（取舍 9）
        crew          = "维修班组",
      },
    },
    -- 顾客投诉登记：一行 = 一次投诉 / the complaint log, one row per complaint
    complaints = {
      file = "complaints.csv",
      fields = {
        complaint_id = "投诉编号",
        project_id   = "项目编号",
        received_at  = { "投诉时间", type = "datetime" },                     -- 收到投诉的时刻
        content      = "投诉内容",
        replied_at   = { "答复时间", type = "datetime", optional = true },    -- 向顾客报告处理措施的时刻；空 = 尚未答复
        handler      = "处理人",
      },
    },
  },

  schedules = {
    { "warranty_visits", title = "保修期回访计划",
      input = "projects", key = "project_id", owner = "manager",
      fields = { "project_name", "phone" },                     -- 建设单位在台账里；PDF 的一行放不下更多列
      where = { completion_date = { empty = false } },          -- 见取舍 6
      anchors = {
        { "completion", field = "completion_date" },             -- 竣工验收之日
        { "warranty_end", from = "completion", plus_months_field = "warranty_months" },   -- 保修期满之日
      },
      slots = {
        -- 取舍 2、3：保修期内每季度一次（竣工后 3、6、9… 个月），排到保修期满前一天为止
        { "保修期内季度回访", anchor = "completion", every = { months = 3 },
          to = { anchor = "warranty_end", days = -1 } },
        -- 取舍 4：雨季（6–8 月）防水回访，竣工至保修期满之间每年一次
        { "雨季防水回访", anchor = "completion", season = { 6, 7, 8 }, to = { anchor = "warranty_end" },
          where = { category = { "屋面防水", "外墙防水", "门窗工程", "设备安装" } } },
        -- 保修期满前 30 天内回访一次（商定保修金返还）
        { "保修期满前回访", anchor = "warranty_end", offset = { days = 0 }, window = { days = 30 } },
        -- 取舍 2：保修期外每年回访一次（不设终点）
        { "保修期后年度回访", anchor = "warranty_end", every = { years = 1 } },
      },
      visits = { input = "visits", key = "project_id", date = "visit_date" },
      upcoming_days = 30,     -- 「近期待回访」：时间窗已开始或 30 天内开始的回访
      plan_next_year = true,  -- 取舍 5：次年度回访计划
      notify_days = 20,       -- 取舍 5：提前 20 天通知顾客单位
      pdf_limit = 200,        -- PDF 中每张清单最多列出的行数；完整清单见 CSV 与 results.json
    },
  },
  deadlines = {
    -- 取舍 7：接到报修通知后 12 小时内派工（001）/ crew dispatched within 12 hours of the notice
    { "repair_dispatch", title = "报修派工（12 小时）", input = "repairs",
      start = "reported_at", done = "dispatched_at",
      within = { hours = 12 },                                  -- 12 小时 / 12 hours
      by = { "crew" }, fields = { "order_id", "project_id" } },
    -- 取舍 8：收到投诉后 2 天内向顾客报告处理措施（001）/ measures reported within 2 days
    { "complaint_reply", title = "投诉答复（2 天）", input = "complaints",
      start = "received_at", done = "replied_at",
      within = { days = 2 },                                    -- 2 天 = 48 小时，日历天 / 2 calendar days
      by = { "handler" }, fields = { "complaint_id", "project_id" } },
  },
}
