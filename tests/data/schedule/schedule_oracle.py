"""An independent Python re-implementation of how huifang matches visits to a plan's slots and judges each slot,
written from docs/rules.md ("schedules": month arithmetic, "Matching and status") and not from the C code, for the
e2e tests test_construction_oracle.py and test_decoration_oracle.py.

The caller lays out each plan's slots from its own reading of the rule (windows (open, due], sorted by due, then
window start); this module does the month arithmetic, the matching and the status.
"""
import calendar
import datetime

STATUS_NAMES = {"done": "已完成", "overdue": "逾期", "open": "进行中", "upcoming": "未到期"}


def add_months(d, n):
    """d + n months, the day clamped to the month's end (DOMAIN.md "Date arithmetic"); a series computes each due
    from its anchor in one step (Jan 31 + 1 month = Feb 28, + 2 months = Mar 31)."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def match(windows, dates):
    """windows: [(open, due)] of one plan's slots, in slot order; dates: its visits on or before as-of. Each visit,
    in date order, satisfies the earliest unsatisfied slot whose window (open, due] holds it. Returns (the visit
    date of each slot or None, the number of extra visits)."""
    got = [None] * len(windows)
    extra = 0
    for d in sorted(dates):
        for j, (opened, due) in enumerate(windows):
            if got[j] is None and opened < d <= due:
                got[j] = d
                break
        else:
            extra += 1
    return got, extra


def status(opened, due, visit, as_of):
    """done (a visit satisfies it), overdue (due before as-of), open (the window (open, due] holds as-of) or
    upcoming (the window opens after as-of)."""
    if visit is not None:
        return "done"
    if due < as_of:
        return "overdue"
    return "open" if opened < as_of else "upcoming"
