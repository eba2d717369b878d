#!/usr/bin/env python3
"""Visual regression of the sample reports (issue 4, item 9).

pdftoppm renders chosen pages of the sample reports at 50 dpi; each is compared
with a reviewed PNG under tests/visual/ (tests/visual/README.md says what each
one shows and what was checked by eye when it was accepted). A pixel differs
when one of its channels differs by more than CHANNEL_TOLERANCE; a page passes
when at most PIXEL_TOLERANCE of its pixels differ and its size is the same.
On failure the current rendering and a diff image (differing pixels red over a
faded reference) are written next to the test's temp folder and their paths
printed, so a reviewer can look.

The metric is checked before it is trusted:
  - the PNG reader (tests/e2e/pngimage.py) decodes a pdftoppm PNG to exactly the
    bytes of pdftoppm's own PPM rendering of the same page;
  - the call-center cover without its brand (other colours, no logo, no
    watermark) must fail against the branded reference: the tolerance is
    tight enough to see a changed brand.

Update after an intended change:  python3 tests/e2e/test_visual.py --update
then open every PNG in tests/visual/ and review it before committing.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hflib  # noqa: E402
import pngimage  # noqa: E402
from hflib import SRC, check, finish, run_tool  # noqa: E402

HUIFANG = os.path.abspath(hflib.HUIFANG)   # huifang runs with cwd = the temp folder

DPI = 50
CHANNEL_TOLERANCE = 48       # of 255
PIXEL_TOLERANCE = 0.002      # 0.2% of the page's pixels (about 480 at 50 dpi)
REFERENCE_DIR = os.path.join(SRC, "tests", "visual")

# (reference name, rule set, extra run arguments, page)
CASES = [
    ("callcenter-p1", "callcenter", ["--brand", "@brand"], 1),
    ("callcenter-p2", "callcenter", ["--brand", "@brand"], 2),
    ("survey-p2", "survey", [], 2),
    ("property-p2", "property", ["--period", "2026-10"], 2),
    ("construction-p2", "construction", ["--as-of", "2026-10-31"], 2),
    ("complaints-p4", "complaints", ["--period", "2026-10"], 4),
    ("complaints-p11", "complaints", ["--period", "2026-10"], 11),
    ("callcenter-team-summary", "callcenter-split", ["--brand", "@brand", "--split-by", "team"], 1),
]


def render(pdf, page, out_base, png=True):
    run_tool(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
              *(["-png"] if png else []), pdf, out_base])
    return out_base + (".png" if png else ".ppm")


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)   # P6 width height maxval pixels
    assert parts[0] == b"P6" and parts[3] == b"255", path
    width, height = int(parts[1]), int(parts[2])
    return width, height, data[len(data) - width * height * 3:]


def compare(ref_path, got_path):
    """(same size, fraction of differing pixels, diff image rows)."""
    rw, rh, rch, rpx = pngimage.read(ref_path)
    gw, gh, gch, gpx = pngimage.read(got_path)
    if (rw, rh) != (gw, gh):
        return False, 1.0, None
    ref, got = pngimage.rgb((rw, rh, rch, rpx)), pngimage.rgb((gw, gh, gch, gpx))
    diff = bytearray(len(ref))
    bad = 0
    for i in range(0, len(ref), 3):
        if (abs(ref[i] - got[i]) > CHANNEL_TOLERANCE or abs(ref[i + 1] - got[i + 1]) > CHANNEL_TOLERANCE
                or abs(ref[i + 2] - got[i + 2]) > CHANNEL_TOLERANCE):
            bad += 1
            diff[i:i + 3] = b"\xff\x00\x00"
        else:
            g = 191 + ((ref[i] + ref[i + 1] + ref[i + 2]) // 3) // 4
            diff[i:i + 3] = bytes([g, g, g])
    return True, bad / (rw * rh), (rw, rh, diff)


def make_reports(tmp):
    """{rule set: pdf path} for every rule set the cases name. huifang runs in
    tmp with relative paths: the data-source line the PDF prints must not hold
    the temp folder's random name."""
    cc_data = os.path.join(tmp, "data", "callcenter")
    brand = os.path.join(tmp, "brand.lua")
    pdfs = {}
    for name, rules, extra, _ in CASES:
        if rules in pdfs:
            continue
        base = rules.split("-")[0]
        data = os.path.join(tmp, "data", base)
        if not os.path.isdir(data):
            hflib.generate(os.path.join(SRC, "samples", base, "generate.py"), data)
        if "@brand" in extra and not os.path.exists(brand):
            subprocess.run([sys.executable, os.path.join(SRC, "scripts", "make_logo.py"),
                            os.path.join(cc_data, "logo.png")], check=True)
            with open(os.path.join(SRC, "samples", "callcenter", "brand.lua"), encoding="utf-8") as f:
                text = f.read().replace('"generated/logo.png"', '"data/callcenter/logo.png"')
            with open(brand, "w", encoding="utf-8") as f:
                f.write(text)
        args = ["brand.lua" if a == "@brand" else a for a in extra]
        out = os.path.join(tmp, "out", rules)
        p = run_tool([HUIFANG, "run", "--rules", os.path.join(SRC, "rules", base + ".lua"), "--data-dir",
                      os.path.join("data", base), "--out", out, "--format", "pdf", *args], cwd=tmp)
        if not check(p.returncode == 0, f"{rules}: huifang run exits 0", p.stderr[-2000:]):
            continue
        if "--split-by" in args:
            field = args[args.index("--split-by") + 1]
            rows = hflib.read_csv(os.path.join(data, "checks.csv"))
            first = sorted({r["组别"] for r in rows})[0] if field == "team" else None
            pdfs[rules] = os.path.join(out, field, first + ".pdf")
        else:
            pdfs[rules] = os.path.join(out, "report.pdf")
    return pdfs, brand, cc_data


def self_checks(tmp, pdfs, brand, cc_data):
    pdf = pdfs.get("callcenter")
    if not pdf:
        return
    png = render(pdf, 1, os.path.join(tmp, "self"))
    ppm = render(pdf, 1, os.path.join(tmp, "self"), png=False)
    w, h, ch, px = pngimage.read(png)
    pw, ph, ppx = read_ppm(ppm)
    check((w, h) == (pw, ph) and bytes(pngimage.rgb((w, h, ch, px))) == bytes(ppx),
          "the PNG reader decodes pdftoppm's PNG to the bytes of its PPM rendering")
    rt = os.path.join(tmp, "roundtrip.png")
    pngimage.write_rgb(rt, pw, ph, ppx)
    check(bytes(pngimage.rgb(pngimage.read(rt))) == bytes(ppx), "a written PNG reads back the same")
    ref = os.path.join(REFERENCE_DIR, "callcenter-p1.png")
    if os.path.exists(ref):
        out = os.path.join(tmp, "plain")
        p = run_tool([HUIFANG, "run", "--rules", os.path.join(SRC, "rules", "callcenter.lua"), "--data-dir",
                      os.path.join("data", "callcenter"), "--out", out, "--format", "pdf"], cwd=tmp)
        if check(p.returncode == 0, "callcenter without --brand exits 0", p.stderr[-2000:]):
            same_size, frac, _ = compare(ref, render(os.path.join(out, "report.pdf"), 1, os.path.join(tmp, "plain")))
            check(not same_size or frac > PIXEL_TOLERANCE,
                  f"the unbranded cover fails against the branded reference ({frac:.2%} of pixels differ)")


def main():
    update = "--update" in sys.argv[1:]
    hflib.require_huifang()
    tmp = tempfile.mkdtemp(prefix="hf-visual-")
    keep = False
    try:
        pdfs, brand, cc_data = make_reports(tmp)
        for name, rules, _, page in CASES:
            if rules not in pdfs:
                continue
            got = render(pdfs[rules], page, os.path.join(tmp, name))
            ref = os.path.join(REFERENCE_DIR, name + ".png")
            if update:
                os.makedirs(REFERENCE_DIR, exist_ok=True)
                shutil.copyfile(got, ref)
                print(f"wrote {ref}: review it by eye before committing")
                continue
            if not check(os.path.exists(ref), f"{name}: reference {ref} exists (python3 {__file__} --update)"):
                continue
            same_size, frac, diff = compare(ref, got)
            ok = check(same_size and frac <= PIXEL_TOLERANCE,
                       f"{name}: page {page} of {rules} matches its reviewed PNG "
                       f"({frac:.3%} of pixels differ, tolerance {PIXEL_TOLERANCE:.1%})",
                       None if same_size else "the page size changed")
            if not ok:
                keep = True
                if diff:
                    pngimage.write_rgb(os.path.join(tmp, name + "-diff.png"), *diff)
                print(f"      rendering: {got}\n      diff:      {os.path.join(tmp, name + '-diff.png')}")
        if not update:
            self_checks(tmp, pdfs, brand, cc_data)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
