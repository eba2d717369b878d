-- Hand-worked case for the `tables` and `targets` sections and `where` filters
-- (text, list, ne, numeric le, date ge, empty, a Lua hook). See expect.json.
return huifang.policy {
  name = "物业回访测试",
  inputs = {
    callbacks = { fields = { id = "编号", date = { "日期", type = "date" }, kind = "类别", method = "方式",
                             owner = "业主", room = "房号", score = { "评分", type = "int", optional = true },
                             note = { "备注", optional = true } } },
    households = { fields = { room = "房号", owner = "业主" } },
  },
  tables = {
    { "by_kind", title = "回访分类统计", input = "callbacks", by = { "kind" }, total = true,
      columns = {
        { "count", "回访数" },
        { "door", "上门签字", count = { where = { method = "上门签字" } } },
        { "door_share", "上门占比", ratio = { "door", "count" } },
        { "score_sum", "评分合计", sum = "score" },
        { "score_mean", "平均评分", mean = "score" },
        { "first_date", "最早日期", min = "date" },
        { "last_date", "最近日期", max = "date" },
      } },
    { "low_scores", title = "低分回访", input = "callbacks", where = { score = { le = 3 } },
      list = { "id", "owner", "score", "note" } },
    { "late_month", title = "下旬回访", input = "callbacks",
      where = { date = { ge = "2026-10-11" }, note = { empty = false } }, list = { "id", "date", "note" } },
  },
  targets = {
    { "door_share", label = "上门签字回访占比", input = "callbacks", where = { method = "上门签字" }, at_least = 0.40 },
    { "phone_letter_share", label = "电话与信函回访占比", input = "callbacks",
      where = { method = { "电话", "信函" } }, at_most = 0.60 },
    { "complaints_door", label = "投诉上门率", input = "callbacks", of = { kind = "投诉" },
      where = { method = { ne = { "电话", "信函" } } }, at_least = 1 },
    { "five_scores", label = "五分回访数", input = "callbacks", count = true,
      where = function(r) return r.score == 5 end, at_least = 3 },
    { "rooms_covered", label = "至少回访一次的住户占比", input = "callbacks", per = "room", count_at_least = 1,
      universe = { input = "households", field = "room" }, at_least = 0.9 },
  },
}
