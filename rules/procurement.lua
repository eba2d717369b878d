--[[
采购行为回访 —— 本季度采购回访清单（DOMAIN.md 的 P8；来源：seeds/003）
Procurement callbacks: this quarter's list of purchases to check (P8 of DOMAIN.md; source: seeds/003).

本文件是公司的采购回访政策：必抽的金额线、每类物品每季度抽几种、价格偏离参考价多少要专门抽查，
都写在这里，C 程序里没有任何数字。质检部门修改本文件后重新运行即可。
Every number of the policy lives in this file, none in the C host: edit and re-run.

原文要点与本规则的取舍 / What the seed says, and what this rule chooses:
  1. 单价超过 2000 元的采购全部回访（必抽）。
     Every purchase with a unit price over 2000 yuan is called back (forced).
  2. 其余每季度：清洁用品 5 种、维修材料 5 种、工程材料 5 种、办公用品 3 种；每季度四类都要覆盖。
     「种」是物品，不是采购单：同一物品本季度多次采购，按序最多抽中一次（distinct = 物品编码）。
     Otherwise per quarter: 5 kinds of cleaning supplies, 5 repair materials, 5 construction materials,
     3 office supplies. A kind is an item, not a purchase: an item bought several times is drawn at most once.
  3. 相邻两个季度不抽同一物品：上季度抽查清单（previous.csv）里的物品本季度不按序抽（必抽的仍要回访）。
     Adjacent quarters never sample the same item: the items on last quarter's list are passed over
     (a forced purchase is still called back).
  4. 价格或数量明显偏离参考价格表的，专门抽查：本规则取「单价偏离参考单价 20% 以上」必抽。
     数量偏离原文未给标准，本规则不设（需要时可再加一条 force）。
     Prices far from the reference list are sampled on purpose: here a unit price more than 20% away from
     the reference unit price is forced. The seed gives no quantity rule; none here (add a force if needed).
  5. 原文没有提到的类别（如劳保用品）：只回访必抽的采购。
     Categories the seed does not name (e.g. protective gear): only their forced purchases.

运行 / Run: 一个季度的采购台账，不加 --period（统计期即数据中的日期范围）：
  huifang run --rules rules/procurement.lua --data-dir samples/procurement/generated --format pdf,json,csv
]]

return huifang.policy {
  name = "采购行为季度回访清单",
  -- 抽样种子：每季度换一个（如 "2026Q3"）；运行时可用 --seed 覆盖。记录在 results.json 中。
  -- The sampling seed: one per quarter; --seed overrides it; recorded in results.json.
  seed = "2026Q3",

  report = {
    title = "采购行为季度回访清单",
    company = "某物业服务有限公司 质量管理部",
    brand = {
      colours = { primary = "#455A64", accent = "#263238",
                  palette = { "#455A64", "#2E86AB", "#7FB069", "#F2A541", "#C8553D", "#6C4F77" } },
      footer = "{company} · 规则 {hash}",
      watermark = "内部资料",
    },
    charts = {
      { "population", kind = "donut", title = "本季采购记录构成（按类别）", table = "purchase_callbacks_strata",
        label = "stratum", value = "population" },
      { "chosen", kind = "bars", title = "各类别本季回访条数", table = "purchase_callbacks_strata",
        label = "stratum", value = "chosen" },
    },
  },

  inputs = {
    -- 采购台账：一行 = 一笔采购（带参考价格表的参考单价）/ one row per purchase line, with the reference price
    purchases = {
      file = "purchases.csv",
      fields = {
        order_no   = "采购单号",
        date       = { "采购日期", type = "date" },
        item_code  = "物品编码",
        item_name  = "物品名称",
        category   = "类别",
        spec       = "规格型号",
        unit       = "单位",
        quantity   = { "数量", type = "number" },
        price      = { "单价", type = "number" },
        ref_price  = { "参考单价", type = "number", optional = true },   -- 空 = 参考价格表里没有 / not on the list
        amount     = { "金额", type = "number" },
        supplier   = "供应商",
        department = "申请部门",
        handler    = "经办人",
        phone      = "联系电话",
      },
    },
    -- 上季度抽查清单 / last quarter's sampled items
    previous = {
      file = "previous.csv",
      fields = { item_code = "物品编码", item_name = "物品名称", category = "类别", quarter = "抽查季度" },
    },
  },

  sampling = {
    { "purchase_callbacks", title = "本季度采购回访清单",
      input = "purchases",
      key = "order_no",            -- 按采购单号排名 / purchases are ranked by the hash of their number
      date = "date",
      force = {
        -- 单价超过 2000 元全部回访（见文件头 1）/ unit price over 2000 yuan (note 1)
        { "单价超过 2000 元", where = { price = { gt = 2000 } } },
        -- 单价偏离参考单价 20% 以上（见文件头 4）/ more than 20% away from the reference price (note 4)
        { "单价偏离参考价 20% 以上",
          where = function(r)
            return r.ref_price ~= nil and r.ref_price > 0 and math.abs(r.price / r.ref_price - 1) > 0.20
          end },
      },
      strata = { "category" },     -- 按物品类别分层 / one stratum per category
      count = 0,                   -- 未列出的类别只回访必抽的采购（见文件头 5）/ others: forced only (note 5)
      quotas = {
        ["清洁用品"] = { count = 5 },   -- 每季度 5 种 / 5 kinds a quarter
        ["维修材料"] = { count = 5 },   -- 每季度 5 种 / 5 kinds a quarter
        ["工程材料"] = { count = 5 },   -- 每季度 5 种 / 5 kinds a quarter
        ["办公用品"] = { count = 3 },   -- 每季度 3 种 / 3 kinds a quarter
      },
      distinct = "item_code",      -- 「种」= 物品：同一物品按序最多抽一次（见文件头 2）/ one draw per item (note 2)
      previous = { input = "previous", field = "item_code" },   -- 上季度抽过的物品不再抽（见文件头 3）/ note 3
      -- 清单列出的字段：物品与回访对象（经办人及电话）；单价、参考单价、供应商见采购台账
      -- （A4 竖版放不下更多列）/ the list shows the item and whom to call; prices and the supplier are in the
      -- ledger (an A4 page holds no more columns)
      fields = { "item_name", "handler", "phone" },
    },
  },
}
