"""An independent Python re-implementation of huifang's sampling, written from
docs/rules-sampling.md (not from the C code), for the e2e tests:
tests/e2e/test_sampling_properties.py, test_gas_oracle.py, test_procurement_oracle.py.

The caller reads the CSV files with Python's csv module and decides, with its
own code, per record: in the population or not, the exclusion reason, the
force reason, the stratum, the key, the customer and contact date, the unit
and the previous-period match. This module ranks and selects.
"""
import datetime
import hashlib


def rank_hash(seed, key):
    """h = first 8 bytes, big-endian, of SHA-256(seed || 0x00 || key) (UTF-8)."""
    return int.from_bytes(hashlib.sha256(seed.encode() + b"\0" + key.encode()).digest()[:8], "big")


def hash_hex(seed, key):
    """rank_hash as results.json writes it: 16 lower-case hex digits."""
    return f"{rank_hash(seed, key):016x}"


def quota(rule, n):
    """rule: ("ratio", x) | ("count", k) | ("all",), optional min/max: dict(kind=..., value=..., min=, max=).
    Returns the number to pick by rank among n records (ratio rounded up, exact in billionths)."""
    kind = rule["kind"]
    if kind == "ratio":
        k = -(-round(rule["value"] * 10**9) * n // 10**9)
    elif kind == "count":
        k = rule["value"]
    else:
        k = n
    if rule.get("min") is not None:
        k = max(k, rule["min"])
    if rule.get("max") is not None:
        k = min(k, rule["max"])
    return min(k, n)


class Rec:
    """One population record as the caller decided it."""
    __slots__ = ("index", "key", "stratum", "excluded", "forced", "customer", "date", "unit", "previous",
                 "hash", "chosen", "reason", "rank", "conflict", "data")

    def __init__(self, index, key, stratum, excluded=None, forced=None, customer=None, date=None, unit=None,
                 previous=False, data=None):
        self.index, self.key, self.stratum = index, key, stratum
        self.excluded, self.forced = excluded, forced
        self.customer, self.date, self.unit, self.previous = customer, date, unit, previous
        self.data = data
        self.hash = None
        self.chosen, self.reason, self.rank, self.conflict = False, None, None, None


def select(records, seed, rule_for, window=0, history=(), strata_extra=()):
    """Runs the documented selection over `records` (list of Rec) in place.
    rule_for(stratum) -> quota rule; window: de-dup days (0 = none); history:
    (customer, date) contacts. strata_extra: strata named by quotas (listed
    even when empty). Returns the per-stratum tallies, strata in byte order."""
    contacts = {}
    for c, d in history:
        contacts.setdefault(c, set()).add(d)
    units = set()

    def conflict(r):
        if not window or not r.customer or r.date is None:
            return None
        best = None
        for d in sorted(contacts.get(r.customer, ())):
            gap = abs((r.date - d).days)
            if gap < window and (best is None or gap < abs((r.date - best).days)):
                best = d
        return best

    def contact(r):
        if window and r.customer and r.date is not None:
            contacts.setdefault(r.customer, set()).add(r.date)

    for r in records:
        r.hash = rank_hash(seed, r.key)
    # Step 1: every forced record of every stratum is a contact (and takes its unit) before any pick by rank.
    for r in records:
        if r.excluded is None and r.forced is not None:
            if r.unit:
                units.add(r.unit)
            contact(r)
    names = sorted({r.stratum for r in records} | set(strata_extra), key=lambda s: s.encode())
    tallies = []
    for s in names:
        members = [r for r in records if r.stratum == s]
        cands = sorted((r for r in members if r.excluded is None), key=lambda r: (r.hash, r.key.encode(), r.index))
        forced = [r for r in cands if r.forced is not None]
        q = quota(rule_for(s), len(cands) - len(forced))
        for i, r in enumerate(cands):
            r.rank = i + 1
        for r in forced:
            r.chosen, r.reason = True, "forced"
        ranked = 0
        for r in cands:
            if r.forced is not None:
                continue
            if r.previous:
                r.reason = "previous"
            elif ranked >= q:
                r.reason = "not_reached"
            elif r.unit and r.unit in units:
                r.reason = "same_unit"
            elif conflict(r) is not None:
                r.reason, r.conflict = "dedup", conflict(r)
            else:
                r.chosen, r.reason = True, "rank"
                ranked += 1
                if r.unit:
                    units.add(r.unit)
                contact(r)
        for r in members:
            if r.excluded is not None:
                r.reason = "excluded"
        tallies.append({"stratum": s, "population": len(members), "excluded": len(members) - len(cands),
                        "eligible": len(cands), "forced": len(forced), "quota": q, "ranked": ranked,
                        "chosen": len(forced) + ranked, "shortfall": q - ranked,
                        "coverage": (len(forced) + ranked) / len(cands) if cands else None,
                        "order": [r for r in sorted(members, key=lambda r: (r.hash, r.key.encode(), r.index))]})
    return tallies


def ymd(s):
    """yyyymmdd, yyyy-mm-dd, yyyy/mm/dd -> datetime.date."""
    s = s.strip().replace("-", "").replace("/", "")
    return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
