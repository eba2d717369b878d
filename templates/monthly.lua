-- 月度质检报告（默认模板）
-- The monthly report: title band (logo, title, company, period), KPI cards with
-- month-over-month deltas (--history), the data sources line, a table of
-- contents, the policy's charts, every table, and the run's warnings.
-- A template returns a layout table, or a function(options) returning one;
-- options are the policy's report.template_options. See templates/README.md.
-- Options: toc = false (no 目录); landscape = true (the whole report landscape);
-- landscape_tables = { "<table id>", ... }: wide lists printed last, as appendices
-- on landscape A4 pages (the rest stays portrait).
return function(options)
  local sections = {
    { "kpis" },
    { "inputs" },
  }
  if options.toc ~= false then
    sections[#sections + 1] = { "toc" }
  end
  sections[#sections + 1] = { "charts" }
  sections[#sections + 1] = { "tables" }
  for _, id in ipairs(options.landscape_tables or {}) do
    sections[#sections + 1] = { "table", id = id, landscape = true }
  end
  sections[#sections + 1] = { "warnings" }
  return {
    name = "月度报告",
    orientation = options.landscape and "landscape" or "portrait",
    cover = true,
    header = "{company} · {title} · {period}",
    footer = { left = "{policy} · 规则 {hash}", right = "huifang {version}" },
    sections = sections,
  }
end
