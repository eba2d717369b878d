"""Shared plumbing for the Python end-to-end tests in tests/e2e/ (not a test itself).

Each test_*.py keeps its own oracle (the expected values, computed independently)
and imports from here only the generic machinery: the pass/fail counters and
check(), die() and finish(), float-tolerant comparison, running the CLI and the
sample generators, reading CSV files (with each record's physical line) and
results.json, shuffling a CSV's records, the generic CSV-vs-JSON comparison, and
the PDF client checks (qpdf, pdffonts, pdftotext, pdfinfo). The oracles shared by
several tests live beside their fixtures: tests/data/sampling/sampling_oracle.py,
tests/data/deadline/deadline_oracle.py and tests/data/schedule/schedule_oracle.py
(SAMPLING_ORACLE_DIR, DEADLINE_ORACLE_DIR, SCHEDULE_ORACLE_DIR).

Import it with
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import hflib

Env: HUIFANG (the CLI), HUIFANG_SOURCE_DIR, HUIFANG_BUILD_DIR (set by ctest).
"""
import csv
import hashlib
import json
import math
import os
import re
import subprocess
import sys

SRC = os.path.abspath(os.environ.get("HUIFANG_SOURCE_DIR",
                                     os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")))
BUILD = os.environ.get("HUIFANG_BUILD_DIR", os.path.join(SRC, "build"))
HUIFANG = os.environ.get("HUIFANG") or os.path.join(BUILD, "huifang")
SAMPLING_ORACLE_DIR = os.path.join(SRC, "tests", "data", "sampling")   # holds sampling_oracle.py
DEADLINE_ORACLE_DIR = os.path.join(SRC, "tests", "data", "deadline")   # holds deadline_oracle.py
SCHEDULE_ORACLE_DIR = os.path.join(SRC, "tests", "data", "schedule")   # holds schedule_oracle.py

DETAIL_LINES = 10       # failure detail lines printed per check

passed = failed = 0


# ------------------------------------------------------------------ counting

def check(ok, what, detail=None):
    """One counted check: True if `ok`. `what` names it; `detail` (str, list or any value) explains a failure."""
    global passed, failed
    if ok:
        passed += 1
        return True
    failed += 1
    print(f"FAIL: {what}")
    if detail is not None and detail != "" and detail != []:
        lines = [detail] if isinstance(detail, str) or not isinstance(detail, (list, tuple)) else list(detail)
        for line in lines[:DETAIL_LINES]:
            print(f"      {line}")
        if len(lines) > DETAIL_LINES:
            print(f"      ... and {len(lines) - DETAIL_LINES} more")
    return False


def die(msg):
    """Stop the test at once: the failure counts as one more failed check; exit 1."""
    print(f"FATAL: {msg}")
    print(f"{passed} passed, {failed + 1} failed")
    sys.exit(1)


def finish():
    """Print "N passed, M failed"; return the exit code (1 if anything failed)."""
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def require_huifang():
    """die() unless HUIFANG is an executable."""
    if not os.access(HUIFANG, os.X_OK):
        die(f"HUIFANG={HUIFANG} is not an executable (build first, or set HUIFANG)")


def prefixed(tag, what):
    """`tag: what`, or just `what` when there is no tag."""
    return f"{tag}: {what}" if tag else what


# ------------------------------------------------------------------ comparison

def same(want, got, rel_tol=1e-12, abs_tol=0.0, deep=False):
    """Equal, floats within rel_tol/abs_tol; bools only equal bools; two ints compare exactly.
    deep=True compares dicts (want's keys only) and lists element by element the same way."""
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        if isinstance(want, int) and isinstance(got, int):
            return want == got
        return want == got or math.isclose(want, got, rel_tol=rel_tol, abs_tol=abs_tol)
    if deep and isinstance(want, dict) and isinstance(got, dict):
        return all(k in got and same(v, got[k], rel_tol, abs_tol, deep) for k, v in want.items())
    if deep and isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same(x, y, rel_tol, abs_tol, deep) for x, y in zip(want, got))
    return want == got


def diff_rows(want_rows, got_rows, name=lambda row: next(iter(row.values()), None), rel_tol=1e-12):
    """Mismatches between two lists of row dicts (positional, want's keys, same()); name(row) labels a row."""
    out = []
    if len(want_rows) != len(got_rows):
        out.append(f"{len(got_rows)} rows, expected {len(want_rows)}")
    for i, (w, g) in enumerate(zip(want_rows, got_rows)):
        for k in w:
            if k not in g:
                out.append(f"row {i}: key {k!r} missing (row: {json.dumps(g, ensure_ascii=False)[:200]})")
            elif not same(w[k], g[k], rel_tol):
                out.append(f"row {i} ({json.dumps(name(w), ensure_ascii=False)}): {k} = "
                           f"{json.dumps(g[k], ensure_ascii=False)}, expected {json.dumps(w[k], ensure_ascii=False)}")
    return out


def diff_abs(got, want, tol=1e-12):
    """Mismatches between two lists of row dicts (positional, want's keys); a float matches within `tol` absolute."""
    out = []
    if len(got) != len(want):
        out.append(f"{len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        for k, v in w.items():
            gv = g.get(k)
            ok = abs(gv - v) < tol if isinstance(v, float) and isinstance(gv, (int, float)) else gv == v
            if not ok:
                out.append(f"row {i}: {k} = {gv!r}, expected {v!r}")
    return out


# How results.json's inputs[].encoding names the encodings the generators write (--encoding).
ENCODING_NAMES = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "gb18030": "GB18030"}


def check_inputs(tag, doc, want_rows, data_dir, encoding):
    """One check per input of want_rows ({name: rows}): results.json's inputs[name] is there, read `rows` rows,
    rejected none, and has the SHA-256 of data_dir/<name>.csv and the name of the generator's `encoding`."""
    inputs = {i.get("name"): i for i in doc.get("inputs", [])}
    for name, rows in want_rows.items():
        got = inputs.get(name)
        if not check(got is not None, prefixed(tag, f"inputs has {name}"), f"inputs: {doc.get('inputs')!r}"):
            continue
        problems = []
        if got.get("rows") != rows:
            problems.append(f"rows {got.get('rows')!r}, expected {rows}")
        if got.get("rejected") != 0:
            problems.append(f"rejected {got.get('rejected')!r}, expected 0")
        if got.get("sha256") != sha256_file(os.path.join(data_dir, name + ".csv")):
            problems.append(f"sha256 {got.get('sha256')!r} is not the file's")
        if got.get("encoding") != ENCODING_NAMES[encoding]:
            problems.append(f"encoding {got.get('encoding')!r}, expected {ENCODING_NAMES[encoding]!r}")
        check(not problems, prefixed(tag, f"inputs[{name}] rows/rejected/sha256/encoding"), problems)


def check_kpis(tag, doc, want_kpis):
    """One check per KPI of want_kpis ({id: {key: value}}): present in results.json, every key same() as wanted."""
    kpis = doc.get("kpis", {})
    for kid, wk in want_kpis.items():
        gk = kpis.get(kid)
        if not check(isinstance(gk, dict), prefixed(tag, f"kpi {kid} present"), f"kpis: {list(kpis)}"):
            continue
        problems = [f"{k} = {gk.get(k)!r}, expected {v!r}" for k, v in wk.items() if not same(v, gk.get(k))]
        check(not problems, prefixed(tag, f"kpi {kid} = {wk['value']!r}"), problems)


def tables_only(doc):
    """{table id: rows} of a results.json document."""
    return {k: v["rows"] for k, v in doc.get("tables", {}).items()}


# ------------------------------------------------------------------ files

def sha256_file(path):
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_bytes(path):
    """A file's bytes."""
    with open(path, "rb") as f:
        return f.read()


def same_bytes(a, b):
    """True if the two files hold identical bytes."""
    return read_bytes(a) == read_bytes(b)


def read_csv(path, encoding="utf-8-sig"):
    """A CSV file as a list of dicts keyed by its header."""
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def csv_records(path, encoding="utf-8-sig"):
    """({header: column index}, [(line, row list)]): each record with the physical line it starts on (the header
    is line 1; a quoted cell may span lines, so a record's line is not its index + 2)."""
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        records = []
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            records.append((line, row))
    return {h: i for i, h in enumerate(header)}, records


def read_csv_lines(path, encoding="utf-8-sig"):
    """A CSV file as [(line, row dict)], each record with the physical line it starts on (see csv_records)."""
    col, records = csv_records(path, encoding)
    return [(line, {h: row[i] for h, i in col.items() if i < len(row)}) for line, row in records]


def shuffle_csv(src, dst, rnd, encoding="utf-8-sig"):
    """Copies the CSV file src to dst with its records (not the header) in rnd.shuffle's order; dst is written as
    the generators write (CRLF, minimal quoting, `encoding`)."""
    with open(src, encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    body = rows[1:]
    rnd.shuffle(body)
    with open(dst, "w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([rows[0]] + body)


def load_results(out):
    """The parsed results.json in the output folder `out`."""
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        return json.load(f)


# ------------------------------------------------------------------ processes

def run_tool(args, timeout=300, **kw):
    """subprocess.run with text output captured; die() if the program is not installed."""
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)
    except FileNotFoundError:
        die(f"{args[0]} is not installed")


def generate(generator, out, *args):
    """Run a samples/<policy>/generate.py into `out`; die() if it fails."""
    p = run_tool([sys.executable, generator, "--out", out, *args])
    if p.returncode != 0:
        die(f"generator failed: {' '.join(args)}\n{p.stderr}")


def run_results(cmd, what, out):
    """Run a `huifang run` command line: one check that it exits 0 (named `what`), then results.json
    from `out` (a failed check if unreadable). None on failure."""
    p = run_tool(cmd)
    if not check(p.returncode == 0, what, [f"exit {p.returncode}", " ".join(cmd)] + p.stderr.strip().splitlines()[-10:]):
        return None
    try:
        return load_results(out)
    except (OSError, ValueError) as e:
        check(False, f"results.json readable in {out}", str(e))
        return None


# ------------------------------------------------------------------ outputs

def csv_table_problems(out, doc):
    """Each table's <out>/<id>.csv against its JSON table: UTF-8 BOM, CRLF after the header, header = the column
    labels, one CSV row per JSON row with one cell per column; a cell is "" for null, 是/否 for a bool, str() of an
    int, a number equal to a float, else the string itself. Returns the mismatches."""
    problems = []
    for tid, t in doc.get("tables", {}).items():
        path = os.path.join(out, tid + ".csv")
        if not os.path.isfile(path):
            problems.append(f"{tid}.csv missing")
            continue
        raw = read_bytes(path)
        if not raw.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{tid}.csv does not start with a UTF-8 BOM")
        first_eol = raw.find(b"\n")
        if first_eol < 1 or raw[first_eol - 1:first_eol] != b"\r":
            problems.append(f"{tid}.csv: header line does not end in CRLF")
        rows = list(csv.reader(raw[3:].decode("utf-8").splitlines(keepends=True)))
        cols = t.get("columns", [])
        if not rows or rows[0] != [c.get("label") for c in cols]:
            problems.append(f"{tid}.csv header {rows[:1]} != labels {[c.get('label') for c in cols]}")
            continue
        if len(rows) - 1 != len(t["rows"]):
            problems.append(f"{tid}.csv has {len(rows) - 1} rows, results.json {len(t['rows'])}")
        for i, (crow, jrow) in enumerate(zip(rows[1:], t["rows"])):
            if len(crow) != len(cols):
                problems.append(f"{tid}.csv row {i + 1}: {len(crow)} cells, {len(cols)} columns")
                continue
            for cell, c in zip(crow, cols):
                v = jrow.get(c.get("id"))
                if v is None:
                    ok = cell == ""
                elif isinstance(v, bool):
                    ok = cell == ("是" if v else "否")
                elif isinstance(v, int):
                    ok = cell == str(v)
                elif isinstance(v, float):
                    try:
                        ok = float(cell) == v
                    except ValueError:
                        ok = False
                else:
                    ok = cell == v
                if not ok:
                    problems.append(f"{tid}.csv row {i + 1} {c.get('id')}: {cell!r} vs JSON {v!r}")
    return problems


def check_csv_tables(what, out, doc):
    """One check (named `what`) that every table's CSV equals its JSON rows (see csv_table_problems)."""
    problems = csv_table_problems(out, doc)
    return check(not problems, what, problems)


def check_qpdf(tag, pdf, what="qpdf --check passes"):
    """One check that `qpdf --check` accepts the PDF."""
    p = run_tool(["qpdf", "--check", pdf])
    return check(p.returncode == 0, prefixed(tag, what), (p.stdout + p.stderr).strip().splitlines())


def pdffonts(pdf):
    """(process, fonts) for `pdffonts`: one dict per font keyed by the column heads (name, type, emb, ...)."""
    p = run_tool(["pdffonts", pdf])
    lines = p.stdout.splitlines()
    fonts = []
    if len(lines) >= 2 and lines[1].startswith("---"):
        # Columns are fixed-width: take the spans from the dashes line.
        spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
        heads = [lines[0][a:b if k < len(spans) - 1 else None].strip() for k, (a, b) in enumerate(spans)]
        for ln in lines[2:]:
            fonts.append({h: ln[a:b if k < len(spans) - 1 else None].strip()
                          for k, (h, (a, b)) in enumerate(zip(heads, spans))})
    return p, fonts


def pdf_pages(pdf):
    """The page count pdfinfo reports; -1 if it reports none."""
    p = run_tool(["pdfinfo", pdf])
    m = re.search(r"^Pages:\s+(\d+)", p.stdout, re.M)
    return int(m.group(1)) if m else -1


def check_fonts_embedded(tag, pdf):
    """One check that pdffonts lists at least one font and every font is embedded (emb = yes)."""
    p, fonts = pdffonts(pdf)
    return check(p.returncode == 0 and fonts and all(f.get("emb") == "yes" for f in fonts),
                 prefixed(tag, f"pdffonts lists only embedded fonts ({len(fonts)} fonts)"), p.stdout.splitlines())


def pdf_text(pdf, *options):
    """(process, flat): `pdftotext -enc UTF-8 [options]` of the PDF, and its text with all whitespace removed."""
    p = run_tool(["pdftotext", "-enc", "UTF-8", *options, pdf, "-"])
    return p, re.sub(r"\s+", "", p.stdout)


def check_pdf_clients(tag, pdf):
    """qpdf --check and every-font-embedded checks, then the PDF's flat text (see pdf_text) for the caller's own."""
    check_qpdf(tag, pdf)
    check_fonts_embedded(tag, pdf)
    return pdf_text(pdf)
