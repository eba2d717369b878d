-- 个人/班组一页摘要（--split-by 每位收件人一份）
-- One page per recipient: the title band naming the recipient, their KPI
-- cards, the first of the policy's charts, and their rows of the first
-- tables — as many as fit; a longer document is flagged in the warnings.
return function(options)
  return {
    name = "一页摘要",
    cover = true,
    header = "{company} · {title} · {recipient}",
    footer = { left = "{policy} · 规则 {hash}", right = "huifang {version}" },
    max_pages = options.summary_pages or 1,
    sections = {
      { "kpis" },
      { "charts" },
      { "tables" },
    },
  }
end
