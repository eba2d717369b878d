#!/usr/bin/env python3
"""Benchmark of the `sampling` section (src/engine/sampling.c) on a generated gas month.

Generates N orders with samples/gas/generate.py into a temporary directory (never
the repository), runs `huifang run --rules rules/gas.lua --format json` REPEAT
times per binary and prints the median wall time and the median peak RSS
(/usr/bin/time -f "%e %M"). With two binaries (--baseline OLD), it also checks
that both write byte-identical results.json and CSVs.

    python3 bench/sampling_bench.py --orders 1000000
    python3 bench/sampling_bench.py --orders 1000000 --baseline /tmp/huifang.before
"""
import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(binary, data, out, fmt):
    shutil.rmtree(out, ignore_errors=True)
    cmd = ["/usr/bin/time", "-f", "%e %M", binary, "run", "--rules", os.path.join(ROOT, "rules", "gas.lua"),
           "--data-dir", data, "--out", out, "--format", fmt]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"{binary} failed (exit {p.returncode}):\n{p.stderr}")
    secs, kb = p.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb)


def measure(binary, data, work, repeat):
    times, rss = [], []
    for i in range(repeat):
        t, k = run_once(binary, data, os.path.join(work, "out"), "json")
        times.append(t)
        rss.append(k)
    return statistics.median(times), statistics.median(rss)


def same_outputs(a, b):
    names = sorted(set(os.listdir(a)) | set(os.listdir(b)))
    bad = [n for n in names if not (os.path.exists(os.path.join(a, n)) and os.path.exists(os.path.join(b, n))
                                    and filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False))]
    return names, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orders", type=int, default=1000000)
    ap.add_argument("--seed", default=None, help="generator seed (default: the generator's)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--binary", default=os.environ.get("HUIFANG", os.path.join(ROOT, "build", "huifang")))
    ap.add_argument("--baseline", help="another huifang binary to compare against (time, RSS, outputs)")
    ap.add_argument("--data-dir", help="reuse an already generated gas data directory")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="huifang-sampling-bench-")
    try:
        data = args.data_dir
        if not data:
            data = os.path.join(work, "data")
            gen = [sys.executable, os.path.join(ROOT, "samples", "gas", "generate.py"), "--out", data,
                   "--orders", str(args.orders)]
            if args.seed:
                gen += ["--seed", args.seed]
            subprocess.run(gen, check=True, stdout=subprocess.DEVNULL)
        bins = [("current", args.binary)] + ([("baseline", args.baseline)] if args.baseline else [])
        for label, b in bins:
            t, k = measure(b, data, work, args.repeat)
            print(f"{label:9s} {b}: median {t:.2f} s, peak RSS {k / 1024:.1f} MB ({args.repeat} runs)")
        if args.baseline:
            outs = []
            for label, b in bins:
                d = os.path.join(work, "cmp_" + label)
                run_once(b, data, d, "json,csv")
                outs.append(d)
            names, bad = same_outputs(*outs)
            if bad:
                print("DIFFERENT outputs: " + ", ".join(bad))
                return 1
            print("identical outputs: " + ", ".join(names))
        return 0
    finally:
        if args.keep:
            print("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
