-- 个人/班组摘要（--split-by 每位收件人一份）
-- Per recipient (a team or an agent): the title band naming the recipient,
-- their KPI cards, the policy's charts (or the ones listed), and their rows of
-- the tables, at most `rows` per table (the full lists are in the CSV/JSON).
-- Options (report.template_options): summary_charts = { "<chart id>", ... },
-- summary_tables = { "<table id>", ... }, summary_rows = 10, summary_pages = 2.
return function(options)
  local rows = options.summary_rows or 10
  local sections = { { "kpis" } }
  if options.summary_charts then
    for _, id in ipairs(options.summary_charts) do sections[#sections + 1] = { "chart", id = id } end
  else
    sections[#sections + 1] = { "charts", limit = 2 }
  end
  if options.summary_tables then
    for _, id in ipairs(options.summary_tables) do sections[#sections + 1] = { "table", id = id, limit = rows } end
  else
    sections[#sections + 1] = { "tables", limit = rows }
  end
  return {
    name = "收件人摘要",
    cover = true,
    header = "{company} · {title} · {recipient}",
    footer = { left = "{policy} · 规则 {hash}", right = "huifang {version}" },
    max_pages = options.summary_pages or 2,
    sections = sections,
  }
end
