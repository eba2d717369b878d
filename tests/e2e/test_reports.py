#!/usr/bin/env python3
"""Reports (issue 4): every rule set's sample report through real PDF clients,
the call-center report's template features, bursting, brand and template errors.

For every rule set (samples/<name>/generate.py, rules/<name>.lua):
  qpdf --check; pdffonts: every font embedded AND subset (emb = sub = yes);
  pdftotext prints no warning (libharu's ToUnicode CMap made poppler warn);
  pdftotext: the title and the first row's text cells of every table the PDF
  prints; the outline (mutool show X outline) has an entry per printed table;
  the table of contents (目录) lists each outline entry with the page the
  outline points to; "第 N 页 / 共 M 页" with M = pdfinfo's page count; a
  second run writes the same bytes.
Call center (make demo's arguments, --brand): the charts' titles and tick
  labels extract, the watermark and brand footer are there, the logo is an
  image (pdfimages), document info has title/author/subject/keywords.
Bursting (--split-by team, --split-by agent): one PDF per distinct value of
  the field in checks.csv (read here with the csv module), index.csv's sha256
  and pages match the files (hashlib, pdfinfo); no team's PDF names another
  team or an agent of another team; file names are the documented ones
  (FIELD/<value>.pdf: Chinese kept, nothing to replace in these values).
  Sizes: every agent summary <= 120 KB, the monthly report <= 400 KB.
Errors: a truncated logo, a missing logo, a bad colour, an unknown template
  section and a template naming a missing table each exit 1 naming the file.
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import HUIFANG, SRC, check, finish, run_tool  # noqa: E402

RULE_SETS = {
    "callcenter": [],
    "construction": ["--as-of", "2026-10-31"],
    "decoration": ["--as-of", "2026-10-31"],
    "property": ["--period", "2026-10"],
    "complaints": ["--period", "2026-10"],
    "gas": ["--period", "2026-10"],
    "procurement": [],
    "survey": [],
}


def outline(pdf):
    """[(title, page)] from `mutool show X outline` (a second PDF client)."""
    p = run_tool(["mutool", "show", pdf, "outline"])
    out = []
    for line in p.stdout.splitlines():
        m = re.search(r'"(.*)"\s+#page=(\d+)', line)
        if m:
            out.append((m.group(1), int(m.group(2))))
    return out


def run(args):
    return run_tool([HUIFANG, "run", *args])


def check_report(tag, pdf, doc):
    hflib.check_qpdf(tag, pdf)
    _, fonts = hflib.pdffonts(pdf)
    check(fonts and all(f.get("emb") == "yes" and f.get("sub") == "yes" for f in fonts),
          f"{tag}: every font embedded as a subset", fonts)
    _, flat = hflib.pdf_text(pdf)
    p = run_tool(["pdftotext", "-enc", "UTF-8", pdf, os.devnull])
    check(p.returncode == 0 and p.stderr.strip() == "", f"{tag}: poppler reads it without a warning (e.g. ToUnicode)",
          p.stderr.splitlines()[:3])
    pages = hflib.pdf_pages(pdf)
    check(doc["title"].replace(" ", "") in flat, f"{tag}: the title extracts")
    check(f"第1页/共{pages}页" in flat and f"第{pages}页/共{pages}页" in flat, f"{tag}: page numbers 第 N 页 / 共 {pages} 页")
    entries = outline(pdf)
    titles = [t for t, _ in entries]
    missing_cells, missing_titles = [], []
    for tid, t in doc["tables"].items():
        if t.get("pdf") is False or not t["rows"]:
            continue
        title = t.get("title") or tid
        if title not in titles:
            missing_titles.append(title)
        row = t["rows"][0]
        for c in t["columns"]:
            v = row.get(c["id"])
            if isinstance(v, str) and v and c["format"] == "text" and len(v) <= 12:
                if v.replace(" ", "") not in flat:
                    missing_cells.append(f"{tid}.{c['id']}={v}")
    check(not missing_titles, f"{tag}: the outline has every printed table ({len(entries)} entries)", missing_titles)
    check(not missing_cells, f"{tag}: first-row text cells extract", missing_cells)
    # The table of contents: each outline entry (but 目录 itself) with its page number.
    # (The leaders are drawn dots, not text: a TOC line reads "title    N" with -layout.)
    p = run_tool(["pdftotext", "-enc", "UTF-8", "-layout", pdf, "-"])
    toc_lines = {}
    for line in p.stdout.splitlines():
        m = re.match(r"\s*(\S.*?)\s{3,}(\d+)\s*$", line)
        if m:
            toc_lines.setdefault(m.group(1).replace(" ", ""), []).append(int(m.group(2)))
    wrong = [f"{t}: 目录 {toc_lines.get(t.replace(' ', ''))}, outline {pg}" for t, pg in entries
             if t != "目录" and pg not in toc_lines.get(t.replace(" ", ""), [])]
    check("目录" in titles and not wrong, f"{tag}: 目录 lists every section with the outline's page", wrong)


# Donut charts whose centre total shows which rows they drew: (rule set, chart title, table, where) —
# the 合计 row of a total = true table and the rows a chart's where leaves out are not slices.
DONUT_TOTALS = [
    ("complaints", "投诉渠道构成", "by_channel", None),
    ("property", "本月登记类别构成", "register_by_kind", None),
    ("survey", "「整体评分」答案分布", "survey_distribution", {"question": "整体评分"}),
]


def chart_totals(name, pdf, doc):
    for rule_set, title, tid, where in DONUT_TOTALS:
        if rule_set != name:
            continue
        rows = doc["tables"][tid]["rows"]
        label = doc["tables"][tid]["columns"][0]["id"]
        kept = [r for r in rows if r[label] != "合计" and all(r.get(k) == v for k, v in (where or {}).items())]
        want, wrong = sum(r["count"] for r in kept), sum(r["count"] for r in rows)
        page = next((pg for t, pg in outline(pdf) if t == title), None)
        if not check(page is not None, f"{name}: chart {title} has a bookmark"):
            continue
        text = run_tool(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf, "-"]).stdout
        nums = re.findall(r"\d+", text)
        check(str(want) in nums and str(wrong) not in nums,
              f"{name}: {title} totals {want} (the rows it should draw), not {wrong} (every row of {tid})")


def page_sizes(pdf):
    """{page: (width, height)} in points, from pdfinfo (a second client)."""
    out = run_tool(["pdfinfo", "-f", "1", "-l", "9999", pdf]).stdout
    return {int(m.group(1)): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", out, re.M)}


def landscape_appendix(name, pdf, title):
    sizes = page_sizes(pdf)
    start = next((pg for t, pg in outline(pdf) if t == title), None)
    if not check(start is not None, f"{name}: {title} has a bookmark"):
        return
    before = [p for p in sizes if p < start]
    from_start = [p for p in sizes if p >= start]
    check(all(sizes[p][0] < sizes[p][1] for p in before) and all(sizes[p][0] > sizes[p][1] for p in from_start),
          f"{name}: pages 1-{start - 1} portrait, {title} from page {start} on landscape A4 (last, as an appendix)",
          {p: sizes[p] for p in sorted(sizes)})


def rule_sets(tmp):
    for name, extra in RULE_SETS.items():
        data = os.path.join(tmp, name, "data")
        hflib.generate(os.path.join(SRC, "samples", name, "generate.py"), data)
        outs, docs = [], []
        for k in range(2):
            out = os.path.join(tmp, name, f"out{k}")
            docs.append(hflib.run_results([HUIFANG, "run", "--rules", os.path.join(SRC, "rules", name + ".lua"),
                                           "--data-dir", data, "--out", out, "--format", "pdf,json", *extra],
                                          f"{name}: huifang run {k + 1} exits 0", out))
            outs.append(out)
        if None in docs:
            continue
        pdf = os.path.join(outs[0], "report.pdf")
        check_report(name, pdf, docs[0])
        chart_totals(name, pdf, docs[0])
        if name == "complaints":   # template_options.landscape_tables = { "daily_log" }
            landscape_appendix(name, pdf, docs[0]["tables"]["daily_log"]["title"])
        check(hflib.same_bytes(pdf, os.path.join(outs[1], "report.pdf")), f"{name}: a second run writes the same bytes")


def callcenter(tmp):
    data = os.path.join(tmp, "cc-data")
    hflib.generate(os.path.join(SRC, "samples", "callcenter", "generate.py"), data)
    subprocess.run([sys.executable, os.path.join(SRC, "scripts", "make_logo.py"), os.path.join(data, "logo.png")],
                   check=True)
    brand = os.path.join(tmp, "brand.lua")
    with open(os.path.join(SRC, "samples", "callcenter", "brand.lua"), encoding="utf-8") as f:
        text = f.read().replace('"generated/logo.png"', '"cc-data/logo.png"')
    with open(brand, "w", encoding="utf-8") as f:
        f.write(text)
    rules = os.path.join(SRC, "rules", "callcenter.lua")
    base = ["--rules", rules, "--data-dir", data, "--brand", brand]
    out = os.path.join(tmp, "cc")
    doc = hflib.run_results([HUIFANG, "run", *base, "--out", out, "--format", "pdf,json"], "callcenter --brand exits 0",
                            out)
    if doc is None:
        return
    pdf = os.path.join(out, "report.pdf")
    _, flat = hflib.pdf_text(pdf)
    for want in ("各班组合格率", "各班组录音级别分布（条）", "中等条数", "合格率最低的15位坐席", "每日覆盖率走势", "录音级别占比", "逐月趋势", "10.0%", "合计",
                 "内部资料", "某证券呼叫中心·内部资料·规则"):
        check(want in flat, f"callcenter: {want!r} extracts")
    imgs = run_tool(["pdfimages", "-list", pdf]).stdout.splitlines()
    check(len(imgs) >= 3 and " smask " in "\n".join(imgs), "callcenter: the logo is an image with its alpha mask", imgs)
    info = run_tool(["pdfinfo", pdf]).stdout
    for key in ("Title:", "Author:", "Subject:", "Keywords:"):
        check(re.search(rf"^{key}\s+\S", info, re.M) is not None, f"callcenter: document info has {key}")
    check("CreationDate" not in info, "callcenter: no creation date (determinism)")
    size = os.path.getsize(pdf)
    check(size <= 400 * 1024, f"callcenter: the 100-agent monthly report is {size // 1024} KB <= 400 KB")

    # ---- bursting
    rows = hflib.read_csv(os.path.join(data, "checks.csv"))
    team_of = {}
    for r in rows:
        team_of[r["员工姓名"]] = r["组别"]
    teams = sorted({r["组别"] for r in rows}, key=lambda s: s.encode())
    agents = sorted({r["工号"] for r in rows}, key=lambda s: s.encode())
    # The documented file name (docs/architecture.md, "Bursting") is the value itself when it has nothing to
    # replace: Chinese, a-z, 0-9, '-', '_' (upper-case ASCII or anything else would add a hash suffix).
    plain = re.compile(r"[a-z0-9_\-\u0080-\U0010ffff]+")
    check("回访一组" in teams and all(plain.fullmatch(v) for v in teams + agents),
          "checks.csv: team 回访一组 exists and every team and agent value is a plain file name",
          [v for v in teams + agents if not plain.fullmatch(v)][:5])
    for field, values in (("team", teams), ("agent", agents)):
        sout = os.path.join(tmp, "split-" + field)
        p = run(base + ["--out", sout, "--format", "pdf", "--split-by", field])
        if not check(p.returncode == 0, f"--split-by {field} exits 0", p.stderr.splitlines()[-5:]):
            continue
        with open(os.path.join(sout, field, "index.csv"), encoding="utf-8-sig", newline="") as f:
            idx = list(csv.reader(f))
        check(idx[0] == ["收件人", "文件", "页数", "SHA-256"], f"--split-by {field}: index.csv header", idx[0])
        check([r[0] for r in idx[1:]] == values, f"--split-by {field}: one PDF per value in checks.csv ({len(values)})",
              [r[0] for r in idx[1:]][:5])
        misnamed = [f"{r[0]}: {r[1]}" for r in idx[1:] if r[1] != f"{field}/{r[0]}.pdf"]
        check(not misnamed, f"--split-by {field}: each recipient's file is {field}/<value>.pdf (Chinese kept)",
              misnamed)
        bad, sizes = [], []
        for rec, file, pages, sha in idx[1:]:
            path = os.path.join(sout, file)
            if not os.path.isfile(path):
                bad.append(f"{file} missing")
                continue
            if hflib.sha256_file(path) != sha:
                bad.append(f"{file}: sha256 differs")
            got_pages = hflib.pdf_pages(path)
            if got_pages != int(pages):
                bad.append(f"{file}: pages {got_pages} != {pages}")
            sizes.append(os.path.getsize(path))
        check(not bad, f"--split-by {field}: index.csv hashes and page counts match the files", bad)
        if field == "team":
            leaks = []
            for rec, file, _, _ in idx[1:]:
                _, flat = hflib.pdf_text(os.path.join(sout, file))
                others = [t for t in teams if t != rec and t in flat]
                names = [n for n, t in team_of.items()
                         if t != rec and n in flat and not any(n in m for m, tm in team_of.items() if tm == rec)]
                if others or names:
                    leaks.append(f"{rec}: other teams {others[:3]}, their agents {names[:3]}")
                hflib.check_qpdf(f"split {rec}", os.path.join(sout, file))
            check(not leaks, "--split-by team: no team's PDF holds another team's rows", leaks)
            check(["team/回访一组.pdf"] == [r[1] for r in idx[1:] if r[0] == "回访一组"],
                  "--split-by team: the Chinese team name 回访一组 is its own file name, team/回访一组.pdf", idx[1:3])
        else:
            check(max(sizes) <= 120 * 1024, f"--split-by agent: largest summary {max(sizes) // 1024} KB <= 120 KB")
            print(f"# agent summaries: {len(sizes)} files, {min(sizes)}..{max(sizes)} bytes")
    print(f"# monthly report: {size} bytes, {hflib.pdf_pages(pdf)} pages")


def history(tmp):
    """--history: two earlier months (generated, run with --period) give deltas and a trend."""
    runs = os.path.join(tmp, "hist-runs")
    for k, month in enumerate(("2026-08", "2026-09")):
        data = os.path.join(tmp, "hist-" + month)
        hflib.generate(os.path.join(SRC, "samples", "callcenter", "generate.py"), data, "--month", month, "--seed",
                       str(100 + k))
        prev = hflib.run_results([HUIFANG, "run", "--rules", os.path.join(SRC, "rules", "callcenter.lua"),
                                  "--data-dir", data, "--period", month, "--out", os.path.join(runs, month),
                                  "--format", "json"], f"history: {month} run exits 0", os.path.join(runs, month))
    if prev is None:
        return
    out = os.path.join(tmp, "hist-out")
    doc = hflib.run_results([HUIFANG, "run", "--rules", os.path.join(SRC, "rules", "callcenter.lua"), "--data-dir",
                             os.path.join(tmp, "cc-data"), "--period", "2026-10", "--history", runs, "--out", out,
                             "--format", "pdf,json"], "history: --history run exits 0", out)
    if doc is None:
        return
    _, flat = hflib.pdf_text(os.path.join(out, "report.pdf"))
    # The checked-count delta, computed here from the two results.json files.
    d = doc["kpis"]["checked"]["value"] - prev["kpis"]["checked"]["value"]
    want = "较上月持平" if d == 0 else f"较上月{d:+d}"
    check(want in flat, f"history: the checked KPI shows {want!r}")
    check("逐月趋势" in flat and "2026-08" in flat and "2026-09" in flat and "2026-10" in flat,
          "history: the trend chart labels the months 2026-08, 2026-09, 2026-10")


def errors(tmp):
    data = os.path.join(tmp, "cc-data")
    rules_dir = os.path.join(tmp, "bad-rules")
    os.makedirs(rules_dir, exist_ok=True)
    with open(os.path.join(SRC, "rules", "callcenter.lua"), encoding="utf-8") as f:
        rule = f.read()
    good_png = hflib.read_bytes(os.path.join(data, "logo.png"))
    with open(os.path.join(rules_dir, "cut.png"), "wb") as f:
        f.write(good_png[: len(good_png) // 2])
    os.makedirs(os.path.join(rules_dir, "templates"), exist_ok=True)
    with open(os.path.join(rules_dir, "templates", "oops.lua"), "w", encoding="utf-8") as f:
        f.write('return { sections = {\n  { "kpis" },\n  { "chartz" },\n} }\n')
    with open(os.path.join(rules_dir, "templates", "notable.lua"), "w", encoding="utf-8") as f:
        f.write('return { sections = { { "table", id = "by_agnt" } } }\n')
    with open(os.path.join(rules_dir, "templates", "nocol.lua"), "w", encoding="utf-8") as f:
        f.write('return { sections = { { "table", id = "by_agent", columns = { "agent", "pass_rat" } } } }\n')
    with open(os.path.join(rules_dir, "templates", "colchart.lua"), "w", encoding="utf-8") as f:
        f.write('return { sections = { { "chart", id = "levels", columns = { "level" } } } }\n')
    levels = 'label = "level", value = "count" },'
    cases = [
        ("a truncated logo", 'brand = { logo = "cut.png" },', ["cut.png", "PNG"]),
        ("a missing logo", 'brand = { logo = "nope.png" },', ["nope.png", "report.brand.logo"]),
        ("a bad colour", 'brand = { colours = { primary = "red" } },', ["report.brand.colours.primary", "#RRGGBB"]),
        ("an unknown template section", 'template = "oops",', ["oops.lua", "chartz", "sections[2]"]),
        ("a template naming a missing table", 'template = "notable",', ["notable.lua", "by_agnt", "by_agent"]),
        ("an unknown template", 'template = "nosuch",', ["nosuch", "找不到模板"]),
        ("a template column that does not exist", 'template = "nocol",', ["nocol.lua", "pass_rat", "pass_rate"]),
        ("columns on a chart section", 'template = "colchart",', ["colchart.lua", "sections[1].columns", "只有 table 节用 columns"]),
        ("a missing brand font", 'brand = { font = "nope.ttf" },', ["nope.ttf", "report.brand.font"]),
        ("a chart's where naming a missing column", (levels, levels[:-3] + ', where = { lvl = "优秀" } },'),
         ["levels", "lvl", "level"]),
    ]
    for what, line, wants in cases:
        path = os.path.join(rules_dir, "bad.lua")
        old, new = line if isinstance(line, tuple) else ("    unqualified_limit = 300,",
                                                         "    unqualified_limit = 300,\n    " + line)
        if not check(old in rule, f"error: {what}: the rule has the text to replace"):
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(rule.replace(old, new, 1))
        out = os.path.join(tmp, "err-out")
        p = run(["--rules", path, "--data-dir", data, "--out", out, "--format", "pdf"])
        msg = p.stderr
        check(p.returncode == 1 and all(w in msg for w in wants), f"error: {what} exits 1 naming {wants}",
              [f"exit {p.returncode}"] + msg.splitlines()[-4:])
        check(not os.path.exists(os.path.join(out, "report.pdf")), f"error: {what} writes no report")


def main():
    hflib.require_huifang()
    for tool in ("qpdf", "pdffonts", "pdftotext", "pdfinfo", "pdfimages", "mutool"):
        if shutil.which(tool) is None:
            hflib.die(f"{tool} is not installed (make setup)")
    with tempfile.TemporaryDirectory(prefix="huifang-reports-") as tmp:
        callcenter(tmp)
        history(tmp)
        errors(tmp)
        rule_sets(tmp)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
