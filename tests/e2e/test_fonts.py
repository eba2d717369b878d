#!/usr/bin/env python3
"""`huifang fonts` and the brand's font (issue 4, item 2).

  - no arguments: exit 0; every line of fonts/manifest.txt (read here) is listed
    with its fate; the first existing one is the one used; the coverage line's
    GB2312 total is 6763, the hanzi Python's own gb2312 codec decodes in rows
    16-87 (counted here, independently of the C program's iconv);
  - --rules with a brand naming Droid Sans Fallback (when installed): the brand
    font is the only candidate and is used, its ASCII coverage is tiny (Droid
    has no Latin letters or digits), and `huifang run` with the same brand
    embeds DroidSansFallback (pdffonts) — the order shown is the order used;
  - a brand naming a missing font: `fonts` and `run` exit 1 naming the file and
    the key; a brand naming a file that is not a font: `fonts` exits 1 saying why;
  - usage: --brand without --rules and an unknown argument exit 2.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
from hflib import HUIFANG, SRC, check, finish, run_tool  # noqa: E402

DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"


def gb2312_hanzi():
    n = 0
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                bytes([hi, lo]).decode("gb2312")
                n += 1
            except UnicodeDecodeError:
                pass
    return n


def manifest_entries():
    out = []
    with open(os.path.join(SRC, "fonts", "manifest.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                path = line[0] if line[0].startswith("/") else os.path.join(SRC, "fonts", line[0])
                out.append((path, int(line[1]) if len(line) > 1 else 0))
    return out


def fonts(*args):
    return run_tool([HUIFANG, "fonts", *args])


def plain():
    p = fonts()
    check(p.returncode == 0, "fonts: exits 0", p.stderr)
    lines = p.stdout.splitlines()
    entries = manifest_entries()
    first = next((e for e in entries if os.path.isfile(e[0])), None)
    for path, index in entries:
        line = next((ln for ln in lines if f"{path}（第 {index} 个字体）" in ln), None)
        if not check(line is not None, f"fonts: lists manifest entry {path}", p.stdout.splitlines()[:12]):
            continue
        if not os.path.isfile(path):
            check("文件不存在" in line, f"fonts: {path} is reported missing", line)
        elif (path, index) == first:
            check("✓ 使用" in line, f"fonts: {path} (the first existing entry) is used", line)
        else:
            check("排在后面未用" in line, f"fonts: {path} is reported as not reached", line)
    if first:
        check(f"将使用：{first[0]}" in p.stdout, "fonts: the summary names the font used")
    m = re.search(r"GB2312 汉字 (\d+)/(\d+)", p.stdout)
    want = gb2312_hanzi()
    check(m is not None and int(m.group(2)) == want, f"fonts: GB2312 has {want} hanzi (Python's codec)",
          m.group(0) if m else p.stdout[-400:])
    m = re.search(r"ASCII (\d+)/(\d+)", p.stdout)
    check(m is not None and m.group(2) == "95", "fonts: 95 printable ASCII characters", m.group(0) if m else None)


def brand_cases(tmp):
    rules = os.path.join(SRC, "rules", "survey.lua")
    data = os.path.join(tmp, "data")
    hflib.generate(os.path.join(SRC, "samples", "survey", "generate.py"), data)

    def brand(name, body):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
        return path

    if os.path.isfile(DROID):
        b = brand("droid.lua", f'return {{ font = "{DROID}" }}\n')
        p = fonts("--rules", rules, "--brand", b)
        check(p.returncode == 0 and f"[品牌 font] {DROID}" in p.stdout and "✓ 使用：Droid Sans Fallback" in p.stdout,
              "fonts --brand: the brand's Droid font is the candidate used", p.stdout.splitlines()[-8:] + [p.stderr])
        check("已指定字体，不再查找" in p.stdout, "fonts --brand: the manifest is not searched")
        m = re.search(r"ASCII (\d+)/95", p.stdout)
        check(m is not None and int(m.group(1)) <= 2, "fonts --brand: Droid covers (almost) no ASCII",
              m.group(0) if m else None)
        out = os.path.join(tmp, "droid-out")
        r = run_tool([HUIFANG, "run", "--rules", rules, "--data-dir", data, "--brand", b, "--out", out,
                      "--format", "pdf"])
        if check(r.returncode == 0, "run --brand droid: exits 0", r.stderr[-600:]):
            _, fl = hflib.pdffonts(os.path.join(out, "report.pdf"))
            names = [f.get("name", "") for f in fl]
            check(len(names) == 1 and "DroidSansFallback" in names[0], "run --brand droid: embeds the brand's font",
                  names)
    else:
        print(f"note: {DROID} not installed; brand-font cases with Droid skipped")

    b = brand("missing.lua", 'return { font = "no-such-font.ttf" }\n')
    for cmd in (["fonts", "--rules", rules, "--brand", b],
                ["run", "--rules", rules, "--data-dir", data, "--brand", b, "--out", os.path.join(tmp, "x")]):
        p = run_tool([HUIFANG, *cmd])
        check(p.returncode == 1 and "no-such-font.ttf" in p.stderr and "font" in p.stderr,
              f"{cmd[0]}: a brand naming a missing font exits 1 naming it", [f"exit {p.returncode}", p.stderr[-300:]])
    notfont = brand("notfont.lua", 'return { font = "notfont.lua" }\n')
    p = fonts("--rules", rules, "--brand", notfont)
    check(p.returncode == 1 and "不可用" in p.stdout + p.stderr and "notfont.lua" in p.stderr,
          "fonts: a brand font that is not a font exits 1 saying why", [f"exit {p.returncode}", p.stderr[-300:]])


def usage():
    p = fonts("--brand", "x.lua")
    check(p.returncode == 2 and "--rules" in p.stderr, "fonts: --brand without --rules is a usage error (exit 2)",
          p.stderr)
    p = fonts("--nope")
    check(p.returncode == 2 and "--nope" in p.stderr, "fonts: an unknown argument is a usage error (exit 2)", p.stderr)
    p = fonts("--help")
    check(p.returncode == 0 and "manifest.txt" in p.stdout, "fonts --help: exits 0 and explains the order")


def main():
    hflib.require_huifang()
    if shutil.which("pdffonts") is None:
        hflib.die("pdffonts is not installed (make setup)")
    with tempfile.TemporaryDirectory(prefix="huifang-fonts-") as tmp:
        plain()
        brand_cases(tmp)
        usage()
    return finish()


if __name__ == "__main__":
    sys.exit(main())
