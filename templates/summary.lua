-- 个人/班组摘要（--split-by 每位收件人一份，力求一页）
-- Per recipient (a team or an agent), meant to fit one page: the title band
-- naming the recipient, their KPI cards, one chart (or the ones listed), and
-- their rows of the tables, at most `rows` per table (the full lists are in
-- the CSV/JSON). A longer document is a run warning (max_pages).
-- Options (report.template_options):
--   summary_charts = { "<chart id>", ... }          default: the policy's first chart
--   summary_tables = { "<table id>" | { "<table id>", columns = { ... }, limit = n, title = "..." }, ... }
--                                                   default: every printed table
--   summary_rows = 10                               rows per table unless the entry says limit
--   summary_pages = 1                               the page budget (max_pages)
return function(options)
  local rows = options.summary_rows or 10
  local sections = { { "kpis" } }
  if options.summary_charts then
    for _, id in ipairs(options.summary_charts) do sections[#sections + 1] = { "chart", id = id } end
  else
    sections[#sections + 1] = { "charts", limit = 1 }
  end
  if options.summary_tables then
    for _, t in ipairs(options.summary_tables) do
      if type(t) == "table" then
        sections[#sections + 1] = { "table", id = t[1], columns = t.columns, limit = t.limit or rows, title = t.title }
      else
        sections[#sections + 1] = { "table", id = t, limit = rows }
      end
    end
  else
    sections[#sections + 1] = { "tables", limit = rows }
  end
  return {
    name = "收件人摘要",
    cover = true,
    header = "{company} · {title} · {recipient}",
    footer = { left = "{policy} · 规则 {hash}", right = "huifang {version}" },
    max_pages = options.summary_pages or 1,
    sections = sections,
  }
end
