#!/usr/bin/env python3
"""Benchmark (issue 2, item 11): `huifang run` on 1,000,000 P1 rows beside a bare
libcsv parse of the same file (build/bare_parse), as a ratio, plus peak RSS and
whether memory grows with rows (100,000 vs 1,000,000 rows).

    python3 bench/run.py [--build build] [--rows 1000000] [--small-rows 100000] [--runs 5]
                         [--results bench/RESULTS.md]

Data are generated once into bench/data/ (git-ignored) by samples/callcenter/generate.py.
Each command runs once as a warm-up, then --runs rounds of all commands in turn; wall time and peak RSS
(ru_maxrss of the child from wait4, taken by bench/maxrss.c, compiled here:
Python's own os.wait4 would report at least the Python process's RSS) are
measured per run and the medians reported. The table is printed and written to bench/RESULTS.md.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

TARGET_RATIO = 3.0
TARGET_RSS_MIB = 64.0
# "RSS does not grow with rows": peak RSS at 10x the rows may exceed the small run's by at most this much.
GROWTH_SLACK_MIB = 4.0


def generate(rows, out):
    if os.path.isfile(os.path.join(out, "checks.csv")) and os.path.isfile(os.path.join(out, "volume.csv")):
        return
    print(f"generating {rows} rows into {os.path.relpath(out, ROOT)} ...", flush=True)
    t = time.perf_counter()
    subprocess.run([sys.executable, os.path.join(ROOT, "samples", "callcenter", "generate.py"),
                    "--out", out, "--rows", str(rows)], check=True)
    print(f"  {time.perf_counter() - t:.1f} s", flush=True)


def build_meter(out):
    """Compile bench/maxrss.c (see there why Python's own os.wait4 over-reports ru_maxrss)."""
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(out, "maxrss")
    src = os.path.join(ROOT, "bench", "maxrss.c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", src, "-o", exe], check=True)
    return exe


METER = None


def measure(cmd):
    """(wall seconds, peak RSS KiB) of one run of cmd, through the meter; exits on failure."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.run([METER] + cmd, stdout=subprocess.DEVNULL, stderr=err)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        if p.returncode != 0:
            sys.exit(f"benchmark command failed (exit {p.returncode}): {' '.join(cmd)}\n{text}")
        wall, rss = text.strip().splitlines()[-1].split()
    return float(wall), int(rss)


def bench_all(cmds, runs):
    """Runs every command once as a warm-up, then `runs` rounds of each command in turn.
    Interleaving matters on a shared machine: a noisy minute slows one round of every
    command, not all runs of one, so the per-round ratios to the bare parse stay honest."""
    for name, cmd in cmds.items():
        measure(cmd)
    res = {name: {"walls": [], "rss": []} for name in cmds}
    for i in range(runs):
        line = []
        for name, cmd in cmds.items():
            w, r = measure(cmd)
            res[name]["walls"].append(w)
            res[name]["rss"].append(r)
            line.append(f"{name} {w:.2f}s")
        print(f"round {i + 1}: " + ", ".join(line), flush=True)
    out = {}
    for name, m in res.items():
        out[name] = {"name": name, "wall": statistics.median(m["walls"]), "wall_min": min(m["walls"]),
                     "wall_max": max(m["walls"]), "rss": statistics.median(m["rss"]), "rss_max": max(m["rss"]),
                     "runs": runs, "walls": m["walls"]}
    return out


def round_ratio(res, name):
    """Median over rounds of (this command's wall / the bare parse's wall in the same round)."""
    return statistics.median(w / b for w, b in zip(res[name]["walls"], res["bare"]["walls"]))


def cpu_model():
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mib(kib):
    return kib / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--small-rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--results", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    huifang, bare = os.path.join(build, "huifang"), os.path.join(build, "bare_parse")
    for exe in (huifang, bare):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} not found: build first (make build)")
    big = os.path.join(ROOT, "bench", "data", f"rows-{a.rows}")
    small = os.path.join(ROOT, "bench", "data", f"rows-{a.small_rows}")
    generate(a.rows, big)
    generate(a.small_rows, small)
    rules = os.path.join(ROOT, "rules", "callcenter.lua")
    out = os.path.join(ROOT, "bench", "out")
    global METER
    METER = build_meter(out)

    def run_cmd(data, fmt):
        return [huifang, "run", "--rules", rules, "--input", f"checks={os.path.join(data, 'checks.csv')}",
                "--input", f"volume={os.path.join(data, 'volume.csv')}", "--out", os.path.join(out, fmt.replace(',', '+')),
                "--format", fmt]

    size = os.path.getsize(os.path.join(big, "checks.csv"))
    counted = subprocess.run([bare, os.path.join(big, "checks.csv")], capture_output=True, text=True, check=True)
    data_rows = int(counted.stdout.split()[0]) - 1          # "N rows, M fields": N includes the header
    res = bench_all({
        "bare": [bare, os.path.join(big, "checks.csv")],
        "json": run_cmd(big, "json"),
        "pdf": run_cmd(big, "json,pdf"),
        "json_small": run_cmd(small, "json"),
        "pdf_small": run_cmd(small, "json,pdf"),
    }, a.runs)
    ratio_json, ratio_pdf = round_ratio(res, "json"), round_ratio(res, "pdf")
    peak = max(res["json"]["rss"], res["pdf"]["rss"])
    growth_json = mib(res["json"]["rss"] - res["json_small"]["rss"])
    growth_pdf = mib(res["pdf"]["rss"] - res["pdf_small"]["rss"])

    def verdict(ok):
        return "**met**" if ok else "**NOT met**"

    rows_fmt = f"{a.rows:,}"
    lines = [
        "# Benchmark results",
        "",
        "Generated by `make bench` (`bash bench/run.sh` → `python3 bench/run.py`). Do not edit by hand.",
        "",
        f"- Machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, {platform.system()} {platform.release()}",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Input: `samples/callcenter/generate.py --rows {a.rows}`: checks.csv {size / 1e6:.0f} MB "
        f"({data_rows:,} P1 rows, UTF-8 with BOM), and its volume.csv",
        f"- Each command: one warm-up, then {a.runs} rounds, each running every command once in turn (so a noisy "
        f"spell on this shared machine hits a whole round, not one command); × bare parse is the median over rounds of "
        f"the command's wall time over the bare parse's in the same round; wall time and peak RSS (ru_maxrss from wait4, measured by "
        "bench/maxrss.c) are medians (wall-time range in brackets).",
        "",
        f"| command ({rows_fmt} rows) | wall time, s | × bare parse | peak RSS, MiB |",
        "|---|---:|---:|---:|",
    ]
    for key, label in (("bare", "`bare_parse checks.csv` (libcsv, nothing else)"),
                       ("json", "`huifang run --format json`"),
                       ("pdf", "`huifang run --format json,pdf`")):
        r = res[key]
        lines.append(f"| {label} | {r['wall']:.2f} [{r['wall_min']:.2f}–{r['wall_max']:.2f}] | "
                     f"{(1.0 if key == 'bare' else round_ratio(res, key)):.2f} | {mib(r['rss']):.1f} |")
    lines += [
        "",
        "Memory against rows (peak RSS, MiB, median):",
        "",
        f"| command | {a.small_rows:,} rows | {rows_fmt} rows | growth |",
        "|---|---:|---:|---:|",
        f"| `--format json` | {mib(res['json_small']['rss']):.1f} | {mib(res['json']['rss']):.1f} | {growth_json:+.1f} |",
        f"| `--format json,pdf` | {mib(res['pdf_small']['rss']):.1f} | {mib(res['pdf']['rss']):.1f} | {growth_pdf:+.1f} |",
        "",
        "Targets (issue 2, item 11):",
        "",
        f"- ≤ {TARGET_RATIO:g}× the bare parse: json {ratio_json:.2f}× {verdict(ratio_json <= TARGET_RATIO)}, "
        f"json+pdf {ratio_pdf:.2f}× {verdict(ratio_pdf <= TARGET_RATIO)}",
        f"- peak RSS ≤ {TARGET_RSS_MIB:g} MiB: {mib(peak):.1f} MiB {verdict(mib(peak) <= TARGET_RSS_MIB)}",
        f"- RSS not growing with rows (10× the rows adds ≤ {GROWTH_SLACK_MIB:g} MiB): json {growth_json:+.1f} MiB, "
        f"json+pdf {growth_pdf:+.1f} MiB "
        f"{verdict(growth_json <= GROWTH_SLACK_MIB and growth_pdf <= GROWTH_SLACK_MIB)}",
        "",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    with open(a.results, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(a.results, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
