"""An independent Python re-implementation of how huifang judges a deadline record, written from docs/rules.md
("Deadlines": States, lateness) and not from the C code, for the e2e tests test_complaints_oracle.py,
test_construction_oracle.py and test_decoration_oracle.py.

The caller parses the CSV cells and works out each record's due moment with its own arithmetic (hours, days,
working days of its calendar); this module judges the record against the end of the as-of day and writes the
moments and the lateness the way results.json shows them.
"""
import datetime

STATE_NAMES = {"met": "按时完成", "late": "超时完成", "open": "未到期", "overdue": "逾期未完成"}


def judge(due, done, as_of_end):
    """(state, lateness in seconds or None) of one record: done <= due is met (on the due moment is on time), done
    later is late by done - due; not done is open while the as-of day's end <= due, else overdue by
    as_of_end - due. `as_of_end` is 24:00 of the as-of day, i.e. 00:00 of the day after."""
    if done is not None:
        return ("met", None) if done <= due else ("late", int((done - due).total_seconds()))
    if as_of_end <= due:
        return "open", None
    return "overdue", int((as_of_end - due).total_seconds())


def as_of_end(as_of):
    """24:00 of the as-of date (the day counts whole)."""
    return datetime.datetime(as_of.year, as_of.month, as_of.day) + datetime.timedelta(days=1)


def stamp(t):
    """A start or done moment as results show it: YYYY-MM-DD HH:MM:SS."""
    return t.strftime("%Y-%m-%d %H:%M:%S")


def due_stamp(t):
    """A due moment: as stamp(), but midnight is written 24:00:00 of the day before."""
    if t.hour == 0 and t.minute == 0 and t.second == 0:
        return f"{(t - datetime.timedelta(days=1)).strftime('%Y-%m-%d')} 24:00:00"
    return stamp(t)


def lateness_words(secs):
    """(prefix, full) for a lateness of `secs` seconds: units truncated, never rounded up (docs/rules.md: 超时 2 天
    4 小时, 超时 3 小时 20 分, 超时 5 分, 超时 40 秒). The words start with `prefix` (the largest unit) and equal `full`
    when the docs' examples settle them; `full` is None where they do not (a zero or a third unit)."""
    d, rest = divmod(secs, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    if d:
        return f"超时 {d} 天", f"超时 {d} 天 {h} 小时" if h else None
    if h:
        return f"超时 {h} 小时", f"超时 {h} 小时 {m} 分" if m else None
    if m:
        return f"超时 {m} 分", f"超时 {m} 分" if not s else None
    return f"超时 {s} 秒", f"超时 {s} 秒"


def lateness_problems(rows):
    """Mismatches of each results row's `lateness` against its `lateness_seconds` (see lateness_words): null
    together, else the words fit the seconds."""
    bad = []
    for r in rows:
        secs, words = r.get("lateness_seconds"), r.get("lateness")
        if secs is None or words is None:
            if (secs is None) != (words is None):
                bad.append(f"line {r.get('line')}: lateness {words!r} with seconds {secs!r}")
            continue
        prefix, full = lateness_words(secs)
        if not (words == full if full else words.startswith(prefix)):
            bad.append(f"line {r.get('line')}: {words!r} for {secs} s")
    return bad
