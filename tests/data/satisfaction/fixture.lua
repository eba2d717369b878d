-- A survey small enough to work by hand (tests/unit/test_satisfaction.c has the sums).
-- Scales: the seed's 5-level scale with −1 and its 3-level scale, a 0–5 score, yes/no.
return huifang.policy {
  name = "满意度手算用例",
  report = { title = "满意度手算用例", company = "测试公司" },
  inputs = {
    responses = {
      file = "responses.csv",
      fields = {
        form = "编号",
        customer = "受访者",
        name = "姓名",
        project = "项目",
        team = "班组",
        status = "状态",
        date = { "日期", type = "date" },
        design = "设计",
        quality = "质量",
        service = "服务",
        recommend = "推荐",
        score = "评分",
      },
    },
    sent = {
      file = "sent.csv",
      fields = { batch = "批次", kind = "类别", copies = { "份数", type = "int" } },
    },
  },
  scales = {
    five = { { "很满意", 3 }, { "满意", 2 }, { "一般", 1 }, { "不满意", 0 }, { "很不满意", -1 },
             full = 3, skip = { "", "不适用" } },
    three = { { "满意", 3 }, { "一般", 2 }, { "不满意", 0 }, skip = "" },
    yesno = { { "是", 1 }, { "否", 0 }, skip = { "" } },
    score05 = { { "5", 5 }, { "4", 4 }, { "3", 3 }, { "2", 2 }, { "1", 1 }, { "0", 0 }, skip = { "" } },
  },
  satisfaction = {
    { "owner", title = "业主满意度", input = "responses", where = { status = "有效" }, date = "date",
      scale = "five",
      questions = { "design", "quality", { "service", scale = "three", label = "服务态度" },
                    { "recommend", scale = "yesno", overall = false, kpi = "推荐意愿" },
                    { "score", scale = "score05", kpi = true } },
      by = { "project", "team" }, respondent = "customer", carry = { "name" }, pdf_limit = 3,
      target = 0.5,
      sent = { input = "sent", count = "copies", where = { kind = "问卷" } }, return_target = 0.5 },
  },
}
