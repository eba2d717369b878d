--[[
顾客投诉处理与投诉回访 —— 月度报告（DOMAIN.md 的 P5；来源：seeds/001「顾客投诉处理制度（投诉回访）」
与「顾客投诉处理办法」4.1）
Customer complaint handling and complaint callbacks: the monthly report (P5 of DOMAIN.md; source: seed 001,
"顾客投诉处理制度（投诉回访）" and "顾客投诉处理办法" 4.1).

本文件是公司的投诉回访政策：哪些投诉免回访、通知质检的时限、回访覆盖率的目标、分类统计表的栏目，
都写在这里，C 程序里没有任何数字。质检部门修改本文件后重新运行即可。
Every number and choice of the policy lives in this file, none in the C host: edit and re-run.

原文要点与本规则的取舍 / What the seed says, and what this rule chooses:
  1. 「顾客投诉处理完毕经过验证合格后，客服主任应及时回访顾客」：回访对象是已处理完毕的投诉
     （处理状态 = 已处理），按「全部」回访（all = true），不是抽样。
     Every complaint whose handling is finished (处理状态 = 已处理) is called back: all = true, not a sample.
  2. 「以下几项情况无须回访」三种，按原文顺序判定，一条投诉只计入它符合的第一种：
     The three exemptions, tested in the seed's order; a complaint counts under the first one it matches:
       ① 现场能即时处理并得到顾客满意确认的投诉：现场解决 = 是 且 顾客确认 = 是；
          现场处理了但顾客没有确认的，仍要回访。
          Resolved on the spot AND confirmed by the customer; on the spot without confirmation is still called.
       ② 匿名投诉、无法确定联络方式的网络投诉：匿名投诉 = 是，或联系方式为空。原文只说「网络投诉」，
          本规则对任何渠道一视同仁：没有联系方式就无法回访。
          Anonymous, or no contact. The seed says "online complaints without a contact"; this rule applies it to
          every channel: without a contact nobody can be called.
       ③ 不便回访的敏感投诉：敏感投诉 = 是。/ Sensitive complaints.
  3. 回访覆盖率：应回访（已处理且不免回访）的投诉中已回访（回访日期非空）的比例，目标 100%
     （原文「各管理处对所有的投诉结果进行回访」，没有给容差）。
     Callback coverage: of the complaints owed a callback, the share called back; target 100% (no tolerance given).
  4. 「在 24 小时内通知技术质检科」：从投诉时间起 24 小时内填写通知质检时间；原文指产品质量异议，
     本规则对所有投诉适用（DOMAIN.md P5），目标 100%。
     QC notified within 24 hours of the complaint; the seed says it of quality complaints, this rule of all (P5).
  5. 「对投诉情况进行每日记录、每月汇总填写（顾客投诉分类统计表）」：按投诉类别的月度统计表，
     另有按渠道的统计和逐条的每日投诉记录。投诉类别取原文列举的投诉原因：项目质量问题（工程质量、
     施工进度）、服务不周、价格纠纷、其他问题（工程变更、材料供应、现场管理）。
     The daily log and the monthly 顾客投诉分类统计表 (counts by category); the categories are the causes the
     seed lists.

数据文件是一个月的投诉登记表（samples/complaints/README.md）。引擎的 tables 与 sampling 的 date 只接受 date
类型字段，本登记表只有「投诉时间」（datetime），所以这两节不按 --period 过滤：请每月导出一个文件。
时限一节按投诉时间所在的日期过滤（--period 有效）。
The data file is one month's register: `tables` and `sampling` take only a `date` field for their period filter and
the register has a datetime (投诉时间), so give one file per month; the deadline filters by --period itself.
]]

-- 免回访的三种情况，按原文顺序（见文件头 2）；第一个符合的为准。
-- The three exemptions in the seed's order (note 2); the first that matches counts.
local EXEMPT = {
  { id = "on_spot",   reason = "现场即时处理并经顾客满意确认",
    test = function(r) return r.on_spot == "是" and r.confirmed == "是" end },
  { id = "anonymous", reason = "匿名投诉或无法确定联络方式",
    test = function(r) return r.anonymous == "是" or r.contact == nil end },
  { id = "sensitive", reason = "不便回访的敏感投诉",
    test = function(r) return r.sensitive == "是" end },
}

-- 处理完毕的投诉才回访（文件头 1）/ only complaints whose handling is finished are called back (note 1)
local HANDLED = "已处理"

local function handled(r) return r.status == HANDLED end

-- 第一个符合的免回访情况的 id，不免回访时为 nil / the id of the first exemption matched, or nil
local function exemption(r)
  for _, e in ipairs(EXEMPT) do
    if e.test(r) then return e.id end
  end
  return nil
end

-- 应回访：已处理且不属于任何免回访情况 / owed a callback: handled and not exempt
local function owed(r) return handled(r) and exemption(r) == nil end

local exclude = {}
for i, e in ipairs(EXEMPT) do exclude[i] = { e.reason, where = e.test } end

-- 分类统计表的各栏（分类表与渠道表共用）/ the statistics' columns (by category and by channel)
local function stat_columns(with_exemptions)
  local cols = {
    { "count", "投诉数" },
    { "handled", "已处理", count = { where = { status = HANDLED } } },
  }
  if with_exemptions then
    local labels = { on_spot = "免回访：现场解决", anonymous = "免回访：匿名/无联系", sensitive = "免回访：敏感" }
    for _, e in ipairs(EXEMPT) do
      cols[#cols + 1] = { "exempt_" .. e.id, labels[e.id],
                          count = { where = function(r) return handled(r) and exemption(r) == e.id end } }
    end
  end
  cols[#cols + 1] = { "owed", "应回访", count = { where = owed } }
  cols[#cols + 1] = { "called", "已回访",
                      count = { where = function(r) return owed(r) and r.callback ~= nil end } }
  cols[#cols + 1] = { "callback_rate", "回访率", ratio = { "called", "owed" } }
  return cols
end

local YESNO = { "是", "否" }

return huifang.policy {
  name = "顾客投诉处理与回访月报",
  -- 回访清单是「全部」而非抽样，但抽样一节需要种子；名次与哈希只决定清单的排列顺序。
  -- The list takes every owed complaint; the seed only orders the list (rank by hash). --seed overrides it.
  seed = "2026-10",

  report = {
    title = "顾客投诉处理与回访月报",
    company = "某建设集团物业服务中心",
    brand = {
      colours = { primary = "#AD1457", accent = "#4A148C",
                  palette = { "#AD1457", "#1F4E79", "#F2A541", "#7FB069", "#2E86AB", "#6C4F77", "#C8553D", "#90A4AE" } },
      footer = "{company} · 品质部 · 规则 {hash}",
      watermark = "内部资料",     -- 清单含投诉人联系方式 / the lists hold complainants' contacts
    },
    -- 投诉每日记录列多：作为附表放在最后，横向 A4。/ The daily log is wide: last, on landscape pages.
    template_options = { landscape_tables = { "daily_log" } },
    charts = {
      { "category_rate", kind = "bars", title = "各类投诉回访率", table = "by_category",
        label = "category", value = "callback_rate", order = "asc", target_kpi = "callback_coverage" },
      { "channels", kind = "donut", title = "投诉渠道构成", table = "by_channel", label = "channel", value = "count" },
      { "office_notice", kind = "stacked", title = "各处室通知质检时效构成", table = "qc_notice_by_office",
        label = "office", series = { "met", "late", "open", "overdue" } },
    },
  },

  inputs = {
    -- 顾客投诉登记表：一行 = 一条投诉（本月受理）/ one row per complaint received in the month
    complaints = {
      file = "complaints.csv",
      fields = {
        id        = "投诉编号",
        received  = { "投诉时间", type = "datetime" },                -- 2026/10/3 9:05
        channel   = { "投诉渠道", type = "enum",
                      values = { "电话", "当面", "书面", "电子邮件", "网络平台", "社交媒体" } },
        category  = { "投诉类别", type = "enum",
                      values = { "工程质量", "施工进度", "服务不周", "价格纠纷", "工程变更", "材料供应",
                                 "现场管理", "其他" } },
        office    = "管理处",
        project   = "项目名称",
        name      = { "顾客姓名", optional = true },                  -- 匿名投诉可为空 / empty when anonymous
        contact   = { "联系方式", optional = true },                  -- 电话或邮箱；空 = 无法回访 / phone or e-mail
        anonymous = { "匿名投诉", type = "enum", values = YESNO },
        sensitive = { "敏感投诉", type = "enum", values = YESNO },
        content   = { "投诉内容", optional = true },
        handler   = "受理人",
        qc_at     = { "通知质检时间", type = "datetime", optional = true },   -- 空 = 尚未通知 / not yet
        status    = { "处理状态", type = "enum", values = { "已处理", "处理中" } },
        closed    = { "处理完毕日期", type = "date", optional = true },
        on_spot   = { "现场解决", type = "enum", values = YESNO },
        confirmed = { "顾客确认", type = "enum", values = YESNO },    -- 顾客满意确认 / the customer confirmed
        callback  = { "回访日期", type = "date", optional = true },   -- 空 = 尚未回访 / not called back yet
        cb_method = { "回访方式", type = "enum", optional = true,
                      values = { "电话", "上门访谈", "网上回函", "调查问卷" } },
        caller    = { "回访人", optional = true },
        cb_result = { "回访结果", type = "enum", optional = true, values = { "满意", "基本满意", "不满意" } },
      },
    },
  },

  -- 回访清单：应回访的投诉全部列入（文件头 1、2），按管理处分列（原文：由受理的管理处指定专人回访）。
  -- The callback work list: every owed complaint (notes 1, 2), per management office (the office that took the
  -- complaint names who calls back).
  sampling = {
    { "callback_list", title = "投诉回访清单",
      input = "complaints",
      key = "id",
      where = { status = HANDLED },
      exclude = exclude,           -- ① 现场解决并确认 ② 匿名/无联系方式 ③ 敏感（按此顺序计数）
      strata = { "office" },
      all = true,                  -- 100% 回访 / every one of them
      fields = { "name", "contact", "category", "handler" },
    },
  },

  -- 24 小时内通知质检（文件头 4）/ QC notified within 24 hours (note 4)
  deadlines = {
    { "qc_notice", title = "通知质检（24 小时）", input = "complaints",
      start = "received", done = "qc_at",
      within = { hours = 24 },
      by = { "category", "office" },
      fields = { "id", "handler" },
      target = 1.0 },              -- 每一条都要按时 / every complaint on time
  },

  tables = {
    -- 顾客投诉分类统计表（每月汇总，文件头 5）/ the monthly statistics by category (note 5)
    { "by_category", title = "顾客投诉分类统计表", input = "complaints", by = { "category" }, total = true,
      columns = stat_columns(true) },
    { "by_channel", title = "投诉渠道统计", input = "complaints", by = { "channel" }, total = true,
      columns = stat_columns(false) },
    -- 每日投诉记录（逐条，按登记顺序）/ the daily log, one row per complaint in the register's order
    { "daily_log", title = "投诉每日记录", input = "complaints",
      list = { "id", "received", "channel", "category", "office", "qc_at", "status", "callback" },
      pdf_limit = 60 },
  },

  targets = {
    -- 回访覆盖率 100%（文件头 3）/ callback coverage 100% (note 3)
    { "callback_coverage", label = "投诉回访率（应回访已回访）", input = "complaints",
      of = owed, where = { callback = { empty = false } }, at_least = 1 },
  },
}
