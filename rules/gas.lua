--[[
燃气客户回访 —— 本月回访清单（DOMAIN.md 的 P6；来源：seeds/000）
Gas utility customer callbacks: this month's callback work list (P6 of DOMAIN.md; source: seeds/000).

本文件是公司的回访政策：每类业务每月回访多少户、哪些业务全部回访、多少天内不重复打扰同一客户，都写在这里，
C 程序里没有任何数字。质检部门修改本文件后重新运行即可。
Every number of the policy lives in this file, none in the C host: edit and re-run.

原文要点与本规则的取舍 / What the seed says, and what this rule chooses:
  1. 业务类型：维修、置换、安检、售气、零散、单项工程、车用燃气。
     Business types: repair, replacement, safety inspection, gas sales, odd jobs, single projects, vehicle gas.
  2. 单项工程 100% 回访；其余各类每月固定户数，不按业务量的比例。
     本规则把单项工程写成「必抽」（force）：即使该客户近期已回访过也要回访；其余各类用固定户数（count）。
     Single projects: every one is called back — written as `force`, so even a recently called customer is called;
     the other types get a fixed number a month (count), not a ratio.
  3. 同一客户短期内不重复回访（原文未给天数）：本规则取 90 天，对照回访记录（history.csv）。
     No customer is called twice within a short window (the seed gives no number): 90 days here,
     checked against the record of earlier callbacks.
  4. 问卷要短（3 分钟以内），公司禁止让客户打分：回访只记意见（回访意见），本规则没有任何评分列。
     Questionnaires are short, and this company forbids asking customers for scores: free comments only;
     no score columns anywhere in this policy.

抽样可复核：同一月份的数据和同一种子（seed）得到同一份清单，与行序无关；每条工单的名次和哈希值
在 callback_list_decisions.csv 中，审计人员可用 docs/rules-sampling.md 里的 Python 一行代码复算。
The sample is reproducible: same data + same seed = same list, whatever the row order; every order's rank and hash
are in callback_list_decisions.csv, and docs/rules-sampling.md shows how an auditor recomputes them.
]]

return huifang.policy {
  name = "燃气客户回访月度清单",
  -- 抽样种子：每月换一个（如 "2026-10"）；运行时可用 --seed 覆盖。记录在 results.json 中。
  -- The sampling seed: one per month; --seed overrides it; recorded in results.json.
  seed = "2026-10",

  report = {
    title = "燃气客户回访月度清单",
    company = "某市燃气有限公司客户服务中心",
    brand = {
      colours = { primary = "#E65100", accent = "#BF360C",
                  palette = { "#E65100", "#1F4E79", "#7FB069", "#F2A541", "#2E86AB", "#6C4F77", "#90A4AE" } },
      footer = "{company} · 规则 {hash}",
      watermark = "内部资料",     -- 清单含客户电话与地址 / the list holds customers' phones and addresses
    },
    charts = {
      { "population", kind = "donut", title = "本月工单构成（按业务类别）", table = "callback_list_strata",
        label = "stratum", value = "population" },
      { "chosen", kind = "bars", title = "各业务类别本月回访条数", table = "callback_list_strata",
        label = "stratum", value = "chosen" },
    },
  },

  inputs = {
    -- 工单台账：一行 = 一张服务工单 / one row per service work order
    orders = {
      file = "orders.csv",
      fields = {
        order_id    = "工单号",
        type        = { "业务类型", type = "enum",
                        values = { "维修", "置换", "安检", "售气", "零散", "单项工程", "车用燃气" } },
        customer_id = "客户编号",
        name        = "客户姓名",
        phone       = { "联系电话", optional = true },      -- 空 = 无法电话回访 / empty: no phone
        address     = "用气地址",
        date        = { "完工日期", type = "date" },        -- yyyymmdd
        staff       = "服务人员",
        status      = "工单状态",                           -- 已完工 / 处理中 / 已撤销
        consent     = "同意回访",                           -- 是 / 否
      },
    },
    -- 回访记录：此前各月已经完成的回访（只有意见，没有评分）/ earlier callbacks (comments only, no scores)
    history = {
      file = "history.csv",
      fields = {
        customer_id = "客户编号",
        name        = "客户姓名",
        date        = { "回访日期", type = "date" },
        method      = "回访方式",
        caller      = "回访人",
        comment     = { "回访意见", optional = true },
      },
    },
  },

  sampling = {
    { "callback_list", title = "本月回访清单",
      input = "orders",
      key = "order_id",           -- 按工单号排名 / orders are ranked by the hash of their number
      date = "date",              -- 完工日期不在 --period 月份内的工单不参加本月抽样 / other months' orders are out
      where = { status = "已完工" },   -- 只回访已完工的工单 / only completed orders
      exclude = {
        { "无联系电话", where = { phone = { empty = true } } },   -- 无法电话回访 / cannot be called
        { "客户不同意回访", where = { consent = "否" } },          -- 客户明确拒绝 / the customer declined
      },
      force = {
        -- 单项工程 100% 回访（见文件头 2）/ every single project is called back (note 2)
        { "单项工程", where = { type = "单项工程" } },
      },
      strata = { "type" },        -- 按业务类型分层 / one stratum per business type
      count = 5,                  -- 未单列的业务类型：每月 5 户 / any type not listed below: 5 a month
      quotas = {
        ["维修"]     = { count = 10 },  -- 维修：每月 10 户 / repairs: 10 a month
        ["置换"]     = { count = 8 },   -- 置换：每月 8 户 / replacements: 8 a month
        ["安检"]     = { count = 10 },  -- 安检：每月 10 户 / safety inspections: 10 a month
        ["售气"]     = { count = 6 },   -- 售气：每月 6 户 / gas sales: 6 a month
        ["零散"]     = { count = 5 },   -- 零散：每月 5 户 / odd jobs: 5 a month
        ["车用燃气"] = { count = 4 },   -- 车用燃气：每月 4 户 / vehicle gas: 4 a month
        ["单项工程"] = { all = true },  -- 单项工程：全部（已由 force 必抽）/ all (already forced above)
      },
      dedup = {
        customer = "customer_id",
        days = 90,                -- 同一客户 90 天内不重复回访（见文件头 3）/ not twice within 90 days (note 3)
        history = { input = "history", customer = "customer_id", date = "date" },
      },
      fields = { "name", "phone", "address" },   -- 回访员需要的联系信息 / what the caller needs
    },
  },
}
