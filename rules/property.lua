--[[
物业回访 —— 管理处月度回访清单与回访率（DOMAIN.md 的 P4；来源：seeds/003《回访工作规定办法》《客户回访规程办法》）
Property management callbacks: the monthly work lists and callback rates (P4 of DOMAIN.md; source: seeds/003).

本文件是管理处的回访政策：哪些事项必须回访、上门签名回访和电话信函回访的比例、维修单抽查比例、
日常回访户数、哪些投诉可不回访，都写在这里，C 程序里没有任何数字。修改本文件后重新运行即可。
Every number of the policy lives in this file, none in the C host: edit and re-run.

运行 / Run (one month; --period is needed so that the monthly tables and lists keep to the month):
  huifang run --rules rules/property.lua --data-dir samples/property/generated --period 2026-10 \
      --out out/property --format json,csv,pdf

原文要点与本规则的取舍 / What the seed says, and what this rule chooses:
  1. 回访形式：上门回访、电话回访、信函回访（公开信）。回访类别：业主意见/建议、投诉、维修服务（003 一、二）；
     加上「客户回访规程」的日常回访（每月 3–5 户）。回访记录（callbacks.csv）的「回访类别」为
     投诉 / 意见征询 / 意见建议 / 维修 / 日常回访，「回访方式」为 上门 / 电话 / 信函。
     Methods: door visit, phone, letter (open letter). Kinds: complaints, opinion solicitations, suggestions,
     repairs, routine visits.
  2. 「业主意见征询和投诉的回访处理率 100%」（四、1）：投诉与意见征询登记表（register.csv）每一行记着
     回访日期与回访方式（《客户投诉处理记录表》上的回访栏）；回访日期不空 = 已回访。
     目标：应回访的投诉中已回访的占比 = 100%，意见征询同样 = 100%。本月清单（complaint_callbacks）列出全部应回访事项。
     「意见建议的回访率可根据需要进行」（四、2）：意见建议不列入 100% 清单，也不设目标，只在汇总表中统计。
     Complaints and opinion solicitations: 100% called back, checked on the register's callback-date column;
     spontaneous suggestions are called back "as needed" (no target).
  3. 可不回访（三、6）：投诉人没留下姓名的投诉（「业主姓名」为空 = 匿名）、只要求复函的投诉（「仅要求复函」= 是），
     但复函情况应附在投诉表后：目标「只要求复函的投诉已复函」= 100%（「复函日期」不空）。
     两类都从清单中排除并按原因计数，也不计入 100% 目标的分母。
     Exempt: anonymous complaints (no name left) and those asking only for a written reply; they are excluded
     from the list (counted per reason) and from the 100% target; the reply must be on file instead (target 100%).
  4. 「有业主签名的上门回访率不低于 40%」「电话回访率和信函回访率不超过年回访总数的 60%」（四、1、3）：
     回访记录 callbacks.csv 是本年度至今（1 月 1 日至本月末）的全部回访，这两个目标按全年至今计算；
     上门但业主拒签的回访（「业主签名」= 拒签，三、2 要求记录业主态度）算上门，不算有签名的上门回访。
     本月的比例见汇总表 monthly_by_kind。
     Door visits signed by the owner ≥ 40%, phone + letter ≤ 60% of the year's callbacks: callbacks.csv holds the
     year to date, and both targets are computed over it; a door visit the owner refused to sign is a door visit
     but not a signed one. The month's shares are in the summary table.
  5. 「每月抽查《维修申请单》的 30%」（四、4）：本月报修、已完成的维修申请单，按 30% 抽样（向上取整），
     由管理员上门或电话回访。已取消、维修中的单子不在抽样范围内（尚无维修质量可回访）。
     Repairs: 30% of the month's completed repair orders, rounded up.
  6. 「每月应对小区内客户抽 3–5 户进行管理服务品质的回访」（客户回访规程 4.2）：从已入住住户中每月抽 5 户
     （取上限；至少 3 户由 min 保证，住户不足 5 户时全抽）。空置、装修中的住户不抽。
     Routine visits: 5 occupied households a month (the upper bound of 3–5; min = 3 keeps the lower bound).
  7. 抽样种子每月换一个（"2026-10"），运行时可用 --seed 覆盖：同一数据、同一种子得到同一份清单，与行序无关。
     The seed changes every month; same data + same seed = same lists, whatever the row order.
]]

-- 回访方式 / callback methods (三、一)
local METHODS = { "上门", "电话", "信函" }
-- 回访类别 / callback kinds
local KINDS = { "投诉", "意见征询", "意见建议", "维修", "日常回访" }

return huifang.policy {
  name = "物业回访月度报告",
  -- 抽样种子：每月换一个；--seed 覆盖 / the sampling seed, one per month; --seed overrides it
  seed = "2026-10",

  report = {
    title = "物业回访月度报告",
    company = "锦绣华庭物业管理处",
    brand = {
      colours = { primary = "#1565C0", accent = "#0D47A1",
                  palette = { "#2E7D32", "#C62828", "#1E88E5", "#F2A541", "#6C4F77", "#90A4AE" } },
      footer = "{company} · 客服中心 · 规则 {hash}",
      watermark = "内部资料",     -- 清单含业主电话 / the lists hold owners' phone numbers
    },
    charts = {
      { "methods", kind = "stacked", title = "本月各类回访的方式构成", table = "monthly_by_kind",
        label = "kind", series = { "door_signed", "door_refused", "phone", "letter" } },
      { "register", kind = "donut", title = "本月登记类别构成", table = "register_by_kind",
        label = "kind", value = "count" },
      { "signed", kind = "bars", title = "各类回访的签名上门率", table = "monthly_by_kind",
        label = "kind", value = "signed_share", target_kpi = "door_signed_share" },
    },
  },

  inputs = {
    -- 住户名册：一行 = 一户 / the households of the estate
    households = {
      file = "households.csv",
      fields = {
        room     = "房号",                -- 栋-单元-室，如 5-2-1203
        building = "楼栋",
        owner    = "业主姓名",
        phone    = "联系电话",
        status   = { "入住状态", type = "enum", values = { "已入住", "空置", "装修中" } },
      },
    },
    -- 维修申请单：一行 = 一张报修单 / the month's repair orders
    repairs = {
      file = "repairs.csv",
      fields = {
        repair_no = "维修单号",
        date      = { "报修日期", type = "date" },
        room      = "房号",
        owner     = "业主姓名",
        phone     = "联系电话",
        item      = "维修项目",
        worker    = "维修人员",
        done_date = { "完成日期", type = "date", optional = true },   -- 未完成为空 / empty until done
        status    = { "维修状态", type = "enum", values = { "已完成", "维修中", "已取消" } },
      },
    },
    -- 投诉与意见登记表：一行 = 一件投诉 / 意见征询 / 意见建议，带回访栏和复函栏
    -- the register of complaints, opinion solicitations and suggestions, with the callback and reply columns
    register = {
      file = "register.csv",
      fields = {
        reg_no      = "登记编号",
        kind        = { "类别", type = "enum", values = { "投诉", "意见征询", "意见建议" } },
        date        = { "登记日期", type = "date" },
        room        = { "房号", optional = true },          -- 匿名投诉为空 / empty when anonymous
        owner       = { "业主姓名", optional = true },      -- 空 = 投诉人没留下姓名（取舍 3）/ empty = anonymous
        phone       = { "联系电话", optional = true },
        summary     = "内容摘要",
        reply_only  = { "仅要求复函", type = "enum", values = { "是", "否" } },
        reply_date  = { "复函日期", type = "date", optional = true },
        callback_date = { "回访日期", type = "date", optional = true },   -- 空 = 尚未回访 / not called back yet
        callback_method = { "回访方式", type = "enum", values = METHODS, optional = true },
      },
    },
    -- 回访记录：本年度至今的每一次回访 / every callback of the year to date
    callbacks = {
      file = "callbacks.csv",
      fields = {
        cb_no   = "回访编号",
        date    = { "回访日期", type = "date" },
        kind    = { "回访类别", type = "enum", values = KINDS },
        ref     = "关联单号",                                -- 登记编号 / 维修单号 / 房号（日常回访）
        room    = "房号",
        owner   = "业主姓名",
        method  = { "回访方式", type = "enum", values = METHODS },
        signed  = { "业主签名", type = "enum", values = { "是", "拒签" }, optional = true },  -- 仅上门回访填写
        caller  = "回访人",
        note    = { "回访记录", optional = true },
      },
    },
  },

  sampling = {
    -- 取舍 2、3：投诉与意见征询 100% 回访（匿名投诉、只要求复函的投诉除外）
    -- complaints and opinion solicitations: every one is called back, but for the exempt complaints
    { "complaint_callbacks", title = "投诉征询回访",
      input = "register", key = "reg_no", date = "date",
      where = { kind = { "投诉", "意见征询" } },          -- 意见建议「根据需要」，不列入 / suggestions: as needed
      exclude = {
        { "匿名投诉（未留姓名）", where = { kind = "投诉", owner = { empty = true } } },
        { "只要求复函（复函附投诉表后）", where = { kind = "投诉", reply_only = "是" } },
      },
      force = {
        { "投诉 100% 回访", where = { kind = "投诉" } },
        { "意见征询 100% 回访", where = { kind = "意见征询" } },
      },
      strata = { "kind" },
      all = true,                 -- 100%：强制之外没有剩余，全部回访 / all of them (force leaves none)
      fields = { "owner", "room", "phone", "summary" },
    },
    -- 取舍 5：每月抽查维修申请单的 30%（向上取整）/ 30% of the month's completed repair orders, rounded up
    { "repair_callbacks", title = "维修抽查回访",
      input = "repairs", key = "repair_no", date = "date",
      where = { status = "已完成" },
      ratio = 0.3,                -- 30% / 30 percent
      fields = { "owner", "room", "phone", "item", "worker" },
    },
    -- 取舍 6：日常回访每月 3–5 户，取 5 户 / routine visits: 3–5 households a month, 5 drawn
    { "routine_visits", title = "日常回访住户",
      input = "households", key = "room",
      where = { status = "已入住" },
      count = 5,                  -- 每月 5 户（上限）/ 5 a month (the upper bound)
      min = 3,                    -- 不少于 3 户（下限）/ at least 3 (the lower bound)
      max = 5,                    -- 不多于 5 户 / at most 5
      fields = { "owner", "phone", "building" },
    },
  },

  tables = {
    -- 本月回访汇总：按回访类别，各回访方式的次数与占比 / the month's callbacks by kind and method
    { "monthly_by_kind", title = "本月回访汇总（按类别与方式）", input = "callbacks", date = "date",
      by = { "kind" }, total = true,
      columns = {
        { "count", "回访数" },
        { "door", "上门", count = { where = { method = "上门" } } },
        { "door_signed", "其中业主签名", count = { where = { method = "上门", signed = "是" } } },
        { "door_refused", "其中拒签", count = { where = { method = "上门", signed = "拒签" } } },
        { "phone", "电话", count = { where = { method = "电话" } } },
        { "letter", "信函", count = { where = { method = "信函" } } },
        { "phone_letter", "电话+信函", count = { where = { method = { "电话", "信函" } } } },
        { "signed_share", "签名上门占比", ratio = { "door_signed", "count" } },
        { "phone_letter_share", "电话信函占比", ratio = { "phone_letter", "count" } },
      } },
    { "monthly_by_kind_method", title = "本月回访明细（类别 × 方式）", input = "callbacks", date = "date",
      by = { "kind", "method" }, total = true,
      columns = {
        { "count", "回访数" },
        { "door_signed", "业主签名", count = { where = { signed = "是" } } },
      } },
    -- 本月登记事项的回访与复函情况 / the month's register: called back, exempt, replied
    { "register_by_kind", title = "本月投诉与意见登记及回访情况", input = "register", date = "date",
      by = { "kind" }, total = true,
      columns = {
        { "count", "登记数" },
        { "anonymous", "匿名", count = { where = { owner = { empty = true } } } },
        { "reply_only_count", "只要求复函", count = { where = { reply_only = "是" } } },
        { "called", "已回访", count = { where = { callback_date = { empty = false } } } },
        { "replied", "已复函", count = { where = { reply_date = { empty = false } } } },
      } },
    -- 应回访而尚未回访的投诉与意见征询（须跟进）/ due but not yet called back: follow up
    { "not_called_back", title = "尚未回访的投诉与意见征询", input = "register", date = "date",
      where = { kind = { "投诉", "意见征询" }, owner = { empty = false }, reply_only = "否",
                callback_date = { empty = true } },
      list = { "reg_no", "kind", "date", "owner", "room", "phone", "summary" } },
    -- 免回访的投诉及其复函（取舍 3）/ exempt complaints and their written replies
    { "exempt_complaints", title = "免回访投诉（匿名或只要求复函）", input = "register", date = "date",
      where = function(r) return r.kind == "投诉" and (r.owner == nil or r.reply_only == "是") end,
      list = { "reg_no", "date", "owner", "reply_only", "reply_date", "summary" } },
  },

  targets = {
    -- 取舍 2：投诉回访处理率 100%（不含免回访的投诉）/ complaints called back: 100% (exempt ones aside)
    { "complaints_called", label = "投诉回访处理率", input = "register",
      of = { kind = "投诉", owner = { empty = false }, reply_only = "否" },
      where = { callback_date = { empty = false } }, at_least = 1 },
    -- 取舍 2：意见征询回访处理率 100% / opinion solicitations called back: 100%
    { "solicitations_called", label = "意见征询回访处理率", input = "register",
      of = { kind = "意见征询" },
      where = { callback_date = { empty = false } }, at_least = 1 },
    -- 取舍 3：只要求复函的投诉 100% 已复函 / every reply-only complaint has its reply on file
    { "replies_on_file", label = "复函投诉已复函", input = "register",
      of = { kind = "投诉", reply_only = "是" },
      where = { reply_date = { empty = false } }, at_least = 1 },
    -- 取舍 4：有业主签名的上门回访 ≥ 40%（全年至今）/ signed door visits ≥ 40% of the year's callbacks
    { "door_signed_share", label = "签名上门率（全年）", input = "callbacks",
      where = { method = "上门", signed = "是" }, at_least = 0.40 },
    -- 取舍 4：电话 + 信函回访 ≤ 60%（全年至今）/ phone + letter ≤ 60% of the year's callbacks
    { "phone_letter_share", label = "电话信函率（全年）", input = "callbacks",
      where = { method = { "电话", "信函" } }, at_most = 0.60 },
  },
}
