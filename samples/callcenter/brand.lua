-- 示例品牌文件：`huifang run --brand samples/callcenter/brand.lua ...`（make demo 使用）。
-- A brand file: company name, logo (PNG or JPEG, relative to this file), colours,
-- running header/footer text and a watermark. The policy can name one with
-- report.brand = "<file>.lua", or hold the same table inline.
return {
  company = "某证券呼叫中心",
  logo = "generated/logo.png",          -- written by scripts/make_logo.py (make demo)
  colours = {
    primary = "#B22222",                -- section bars, table headers
    accent = "#1F4E79",
    good = "#2E7D32", bad = "#C62828",  -- target met / missed
    palette = { "#1F4E79", "#2E86AB", "#7FB069", "#F2A541", "#C8553D", "#6C4F77" },
  },
  footer = "{company} · 内部资料 · 规则 {hash}",
  watermark = "内部资料",
}
