"""Amicable recovery (recouvrement amiable): the dunning plan, each debtor's level and next
action, and the data of the reminder letters and the formal notice (mise en demeure).

The plan is the `Dunning plan` parameter sheet, one row per level: level, name,
days_after_due, channel (`letter`, `email`, `phone`), template (`reminder`, `formal_notice`;
blank = reminder, and no letter by phone), min_amount, days_to_pay (the time the letter gives), allow_skip. Shipped
defaults (typical French practice; every number editable):

| level | name | days after due | channel | template | min amount | days to pay |
|---|---|---|---|---|---|---|
| 1 | Friendly reminder / Relance amiable | 5 | email | reminder | 50 | 10 |
| 2 | Second reminder / Deuxième relance | 15 | letter | reminder | 50 | 10 |
| 3 | Phone call / Relance téléphonique | 25 | phone | | 50 | 10 |
| 4 | Formal notice / Mise en demeure | 35 | letter | formal_notice | 50 | 8 |

Sources: the formal notice is the act that makes late interest run and opens legal recovery
(Code civil art. 1344 and 1344-1); it states the late-payment penalties and the EUR 40 fixed
indemnity (Code de commerce L441-10, D441-5), and "sous huitaine" (8 days) is the customary
time it gives. The +5/+15/+25/+35 rhythm (a reminder, a firmer one, a call, then the notice
about five weeks after the due date) is the usual French credit-management schedule, and it
leaves the notice expired (35 + 8 = 43 days) before an insurer's usual notification window
closes (due date + 60-day extension + 30 days). The 50 EUR threshold is a judgement default
(below it a registered letter costs more than it recovers); set 0 to remind everything.

Rules, per debtor at `as_of` (one row per debtor with an open invoice past due):
- an invoice is reminded when open, past due (as_of > due_date) and not disputed; disputed
  invoices are left out of letters and never hold the others back;
- one letter per debtor, at the debtor's next level, listing all its reminded invoices
  (the complaint behind OCA credit-control#21 and ERPNext#26969: one letter per invoice);
- level reached = the highest plan level in the debtor's `Actions` rows that concern an
  invoice reminded now: the row names it, or names no invoice and is dated after its due date
  (so a paid-off debtor whose new invoice falls due starts again at level 1);
- next level = reached + 1: no level is skipped (OCA closed "always compute", credit-control#35,
  as too hard to explain). A level marked `allow_skip` is passed over when the level after it
  is already due;
- a level is due on the first day D + days_after_due, D = the earliest due date of the reminded
  invoices, and never sooner than the gap between the two levels after the previous action
  (a reminder sent late pushes the next one back): due = max(D + d[next], sent + d[next] - d[reached]);
- below the next level's `min_amount` (overdue total of the reminded invoices): no reminder;
- invoices handed over to the insurer (a sent collection request covers them, Deadlines status
  `handed_over`) are not reminded: the insurer recovers them; a debtor with nothing else overdue
  gets status `handed_over` and no action;
- `do_not_remind` debtors and debtors in insolvency proceedings (insolvency_date <= as_of:
  the claim is declared to the administrator instead) get no reminder;
- amicable phase exhausted: the formal notice level (the plan's `formal_notice` template, else
  its last level) is reached and its time to pay has passed (as_of > sent + days_to_pay):
  next action "Hand over for collection" (the collection request to the insurer).

Actions rows -> levels (first rule that matches, on the action and note text, accents and case
aside): a reminder id `reminder:{debtor}:{level}:{date}` -> that level; the plan name of a
level -> it; `level N` / `niveau N` -> level N; formal notice words (formal notice, mise en
demeure, final demand, LRAR, recommandé) -> the formal notice level; phone words (phone, call,
appel, téléphone) -> the first `phone` level; reminder words (reminder, relance, rappel) with a
number or ordinal ("Reminder letter 2", "2e relance", "second reminder") -> the N-th `reminder`
level, without one -> the first. Any other action (a promise to pay, a dispute) is history only.

Idempotence: a reminder's id is `reminder:{debtor_id}:{level}:{first due date}`; the same letter
keeps the same id and file name on every run until it is marked sent, which appends one
`Actions` row per listed invoice (action = the level name, note = the id): from then on the level
counts as reached and is never drafted again, and recording the same id twice is refused.

Priority (most urgent first): 1 = formal notice reached and an insurer deadline (notify_by of an
invoice not yet notified, handover_by of one notified) within `deadline_warning_days` or past:
declare without waiting for the notice to expire (Breaches flag FORMAL_NOTICE_DEADLINE_NEAR);
2 = an action due now; 3 = planned; 4 = nothing to send (insolvent, do not remind, disputed
only, below the threshold).

Worked example (default plan): D1 owes A, 1,000 due 2025-01-31. On 2025-02-05 (5 days after)
level 1 is due: (D1, level 0, "Friendly reminder / Relance amiable", 2025-02-05, 1000.0, 1),
id reminder:D1:1:2025-01-31. Marked sent on 2025-02-07, level 2 is due on
max(2025-01-31 + 15, 2025-02-07 + 10) = 2025-02-17.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from .declarations import LetterSources, _sum, letter_data
from .ledger import (Ledger, among, by_ids, day_span, disputed, earliest_dates, first_rows, found_at, latest_dates,
                     positions, run_starts, sorted_order, sums_at, ticked, whole_days)
from .model import Issue, text_dtype
from .policy import Policy
from .texts import joined, message, text, words

SHEET = "Dunning plan"
CHANNELS = ("letter", "email", "phone")
TEMPLATES = ("reminder", "formal_notice")
KEY_COLUMNS = ["debtor_id", "level", "next_action", "due_date", "amount", "invoices"]
EXTRA_COLUMNS = ["status", "priority", "next_level", "channel", "template", "reminder_id", "invoice_ids",
                 "level_name", "level_date", "first_due_date", "days_past_due", "disputed_amount", "days_to_pay",
                 "formal_notice_date", "formal_notice_deadline", "amicable_exhausted", "insurer_deadline",
                 "insurer_step", "document"]
QUIET = ("insolvent", "do_not_remind", "handed_over", "disputed_only", "below_threshold")
NOTIFY_STEPS = ("overdue", "to_notify", "notification_late")
HANDOVER_STEPS = ("notified", "handover_due", "handover_late")
FRENCH_SPEAKING = {"FR", "BE", "LU", "MC", "CH", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF"}


@dataclass(frozen=True)
class Level:
    """One step of the plan."""

    level: int
    name: str
    days_after_due: int
    channel: str = "letter"
    template: str | None = "reminder"
    min_amount: float = 0.0
    days_to_pay: int = 10
    allow_skip: bool = False


def default_levels(language: str = "fr") -> tuple[Level, ...]:
    """The shipped plan (French practice), its level names in `language` (functions/texts.py)."""
    name = words("dunning.level", language)
    return (Level(1, name["1"], 5, "email", "reminder", 50.0, 10), Level(2, name["2"], 15, "letter", "reminder", 50.0, 10),
            Level(3, name["3"], 25, "phone", None, 50.0, 10), Level(4, name["4"], 35, "letter", "formal_notice", 50.0, 8))


@dataclass(frozen=True)
class Plan:
    """The levels in order; positions 1..N (0 = nothing sent yet)."""

    levels: tuple[Level, ...] = field(default_factory=default_levels)

    def column(self, name: str, before=0) -> np.ndarray:
        """A level attribute by position, with `before` at position 0."""
        return np.array([before] + [getattr(lv, name) for lv in self.levels], dtype=object)

    @property
    def formal_position(self) -> int:
        found = [p for p, lv in enumerate(self.levels, 1) if lv.template == "formal_notice"]
        return found[-1] if found else len(self.levels)

    def position_of(self, level: int) -> int | None:
        return next((p for p, lv in enumerate(self.levels, 1) if lv.level == level), None)


def plan_records(plan: Plan | None = None, language: str = "fr") -> list[dict]:
    """The plan as sheet rows (the template ships the defaults, named in `language`)."""
    plan = plan or Plan(default_levels(language))
    return [{"level": lv.level, "name": lv.name, "days_after_due": lv.days_after_due, "channel": lv.channel,
             "template": lv.template, "min_amount": lv.min_amount, "days_to_pay": lv.days_to_pay,
             "allow_skip": lv.allow_skip} for lv in plan.levels]


def read_plan(table: pd.DataFrame | None, language: str = "fr") -> tuple[Plan, list[Issue]]:
    """The typed `Dunning plan` table as a Plan; an unusable plan gives an Issue and the defaults."""
    if table is None or table.empty:
        return Plan(default_levels(language)), []
    rows = table.sort_values("level", kind="stable")
    problems = []
    if rows["level"].duplicated().any():
        problems.append(message("dunning.twice"))
    if (rows["days_after_due"] < 0).any() or (rows["days_after_due"].diff().dropna() < 0).any():
        problems.append(message("dunning.order"))
    if problems:
        return Plan(default_levels(language)), [Issue(SHEET, None, "level", "error",
                                                      message("dunning.default_plan", problems=joined(problems)))]
    return Plan(tuple(_level(row, language) for row in rows.to_dict("records"))), []


def _level(row: dict, language: str = "fr") -> Level:
    """One typed plan row; blanks take the defaults (channel letter, template reminder unless by phone)."""
    channel = row.get("channel") if isinstance(row.get("channel"), str) else "letter"
    template = row.get("template") if isinstance(row.get("template"), str) else None
    skip, days_to_pay, minimum = row.get("allow_skip"), row.get("days_to_pay"), row.get("min_amount")
    return Level(int(row["level"]), str(row.get("name") or text("dunning.level_n", language, level=int(row["level"]))), int(row["days_after_due"]),
                 channel, template if template or channel == "phone" else "reminder",
                 float(minimum) if pd.notna(minimum) else 0.0, int(days_to_pay) if pd.notna(days_to_pay) else 10,
                 bool(skip) if isinstance(skip, (bool, np.bool_)) else False)


def plan_of(plan: Plan | pd.DataFrame | None, language: str = "fr") -> tuple[Plan, list[Issue]]:
    return (plan, []) if isinstance(plan, Plan) else read_plan(plan, language)


# --- Actions rows -> levels ------------------------------------------------------------------

ID_IN_TEXT = re.compile(r"reminder:[^:\s]+:(\d+):")
EXPLICIT = re.compile(r"\b(?:level|niveau|lvl)\s*(\d+)\b")
FORMAL = re.compile(r"\b(?:formal notice|mise en demeure|final (?:notice|demand)|letter before action|lrar|"
                    r"recommandee?|registered letter)\b")
PHONE = re.compile(r"\b(?:phone|call|calls|called|telephone|telephonique|appel|tel)\b")
REMINDER = re.compile(r"\b(?:reminder|reminders|relance|rappel|dunning)\b")
NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|e|eme|er|ere|re)?\b")
ORDINALS = {"first": 1, "premiere": 1, "premier": 1, "second": 2, "seconde": 2, "deuxieme": 2, "third": 3,
            "troisieme": 3, "fourth": 4, "quatrieme": 4, "fifth": 5, "cinquieme": 5}


def _words(text) -> str:
    """Lower-case ASCII words: accents, case and punctuation aside."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def action_position(action, note, plan: Plan) -> int | None:
    """The plan position (1..N) an Actions row records, or None when it is not a dunning step."""
    for typed in (action, note):
        found = ID_IN_TEXT.search(str(typed)) if isinstance(typed, str) else None
        if found:
            return plan.position_of(int(found.group(1)))
    words = _words(action) if isinstance(action, str) else ""
    names = _level_names(plan)
    if words in names:
        return names[words]
    explicit = EXPLICIT.search(words)
    if explicit:
        return plan.position_of(int(explicit.group(1)))
    if FORMAL.search(words):
        return plan.formal_position
    if PHONE.search(words):
        return next((p for p, lv in enumerate(plan.levels, 1) if lv.channel == "phone"), None)
    if REMINDER.search(words):
        reminders = [p for p, lv in enumerate(plan.levels, 1) if lv.template == "reminder"]
        number = NUMBER.search(words)
        nth = int(number.group(1)) if number else next((n for w, n in ORDINALS.items() if re.search(rf"\b{w}\b", words)), 1)
        return reminders[min(max(nth, 1), len(reminders)) - 1] if reminders else None
    return None


@functools.lru_cache(maxsize=16)  # a plan or two per session: its names worded once
def _level_names(plan: Plan) -> dict[str, int]:
    """The plan position of each level name, as _words spells it."""
    return {_words(lv.name): p for p, lv in enumerate(plan.levels, 1)}


def action_positions(action: np.ndarray, note: np.ndarray, plan: Plan) -> np.ndarray:
    """action_position of every Actions row (computed once per distinct text), NaN when none."""
    pairs = [(a if isinstance(a, str) else None, n if isinstance(n, str) else None) for a, n in zip(action, note)]
    known = {pair: action_position(*pair, plan) for pair in set(pairs)}
    return np.array([known[p] for p in pairs], dtype="float64")


# --- the Dunning sheet -----------------------------------------------------------------------
# Worked on arrays, one value per client in `x` (a dict of columns), built as one frame at the end:
# a column set on a frame costs more than computing it for a few dozen clients.

def reminded(invoices: pd.DataFrame, as_of) -> pd.Series:
    """The invoices a reminder lists: open, past due, not disputed."""
    return (invoices["open"] > 0) & (invoices["due_date"] < pd.Timestamp(as_of)) & ~disputed(invoices)


def handed_over(invoice_ids: np.ndarray, deadlines: pd.DataFrame | None) -> np.ndarray:
    """Which of `invoice_ids` a sent collection request covers (Deadlines status `handed_over`)."""
    if deadlines is None or deadlines.empty:
        return np.zeros(len(invoice_ids), bool)
    done = deadlines["invoice_id"].to_numpy(object)[pd.notna(deadlines["collection_id"].to_numpy())]
    return pd.Index(invoice_ids, dtype=object).isin(set(done)) if len(done) else np.zeros(len(invoice_ids), bool)


def dunning(ledger: Ledger, debtors: pd.DataFrame, actions: pd.DataFrame, policy: Policy,
            plan: Plan | pd.DataFrame | None = None, deadlines: pd.DataFrame | None = None,
            names: pd.Series | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Dunning` sheet, most urgent first, and the plan's problems.

    `plan`: a Plan or the `Dunning plan` table (None = defaults); `deadlines`: the Deadlines
    sheet, for the insurer deadline and the priority (optional). `names`: the client's name per
    debtor_id (index); given, a last `name` column, built with the others (a column added to a
    frame copies the frame).
    """
    plan, issues = plan_of(plan, policy.language)
    as_of = ledger.as_of
    today = np.datetime64(as_of.to_datetime64(), "ns")
    inv = ledger.invoices
    due = inv["due_date"].to_numpy("datetime64[ns]")
    owed = inv["open"].to_numpy(float)
    overdue = np.flatnonzero((owed > 0) & (due < today))
    remind = ~disputed(inv)[overdue]
    debtor, invoice = (inv[k].to_numpy(object)[overdue] for k in ("debtor_id", "invoice_id"))
    owed, due = owed[overdue], due[overdue]
    # the insurer recovers what was handed over (a collection request in the Register): never remind it
    handed = handed_over(invoice, deadlines)
    # the clients as objects, looked up as such (ledger.found_at); typed as text in the sheet only
    ids = pd.Index(sorted(pd.unique(debtor), key=str), dtype=object)
    n, every = len(ids), positions(ids, debtor)
    listed = np.flatnonzero(remind & ~handed)
    # by client, then due date and invoice id
    listed = listed[sorted_order(every[listed], due[listed], invoice[listed])]
    row = every[listed]
    x = {"first_due_date": earliest_dates(row, due[listed], n)}
    # both sums at once (listed rows, then every overdue row), rounded to the cent as the group-by's
    # sums were: sums_at adds whole cents exactly, which round alike
    amounts = np.concatenate([owed[listed], np.where(remind, 0.0, owed)])
    sums = np.round(sums_at(np.concatenate([row, every + n]), amounts, 2 * n), 2)
    x["amount"], x["disputed_amount"] = sums[:n], sums[n:]
    x["invoices"] = np.bincount(row, minlength=n)
    x["invoice_ids"] = _joined(row, invoice[listed], n)
    reached = _reached(x, ids, row, invoice[listed], actions, plan, today)
    minimum = _next_step(x, reached, plan, today, text("dunning.hand_over", policy.language))
    active = _status(x, ids, debtors, np.bincount(every[handed], minlength=n) > 0, minimum, today)
    _insurer_deadline(x, ids, deadlines)
    soon = np.datetime64(as_of.to_datetime64(), "ns") + day_span(policy.deadline_warning_days)
    planned = among(x["status"], ("due", "planned"))
    x["priority"] = np.select([planned & ~np.isnat(x["formal_notice_date"]) & (x["insurer_deadline"] <= soon),
                               x["status"] == "due", x["status"] == "planned"], [1, 2, 3], 4)
    x["document"] = np.full(n, None, dtype=object)
    x["debtor_id"] = ids.to_numpy()
    order = sorted_order(x["priority"], x["due_date"], x["debtor_id"])
    sheet = {c: _typed(c, x[c][order]) for c in KEY_COLUMNS + EXTRA_COLUMNS}
    for column in ("next_action", "channel", "template"):  # what only an active client has
        sheet[column] = _blanked(sheet[column], active[order])
    if names is not None:
        sheet["name"] = by_ids(names, sheet["debtor_id"])
    return pd.DataFrame(sheet, copy=False), issues


WHOLE = ("invoices", "next_level", "days_to_pay", "days_past_due")  # whole numbers, NaN where blank: Int64


def _typed(column: str, values: np.ndarray):
    """A column of the sheet as its type: the ids as their Index types them, the reminder ids as
    text, whole numbers as Int64, the insurer step as objects (no text inferred)."""
    if column == "debtor_id":
        return pd.Index(values)
    if column in WHOLE:
        blank = np.isnan(values)
        return pd.arrays.IntegerArray(np.where(blank, 0, values).astype(np.int64), blank)
    if column == "reminder_id":
        return pd.array(values, dtype=text_dtype())
    if column == "insurer_step":
        return pd.Index(values, dtype=object)
    return values


def _joined(row: np.ndarray, invoice_ids: np.ndarray, size: int) -> np.ndarray:
    """The invoice ids of each client, ', '-joined in their order (the rows of a client follow each
    other), NaN where none."""
    start = run_starts(row)
    texts = [str(i) for i in invoice_ids]
    joined = np.full(size, np.nan, dtype=object)
    joined[row[start]] = [", ".join(texts[a:b]) for a, b in zip(start, np.append(start[1:], len(row)))]
    return joined


def _reached(x: dict, ids: pd.Index, row_listed: np.ndarray, listed_invoices: np.ndarray, actions: pd.DataFrame,
             plan: Plan, today: np.datetime64) -> np.ndarray:
    """level, level_name, level_date, formal_notice_date from the Actions rows of this cycle; the
    plan position reached per client."""
    when = actions["date"].to_numpy("datetime64[ns]")
    row = found_at(ids, actions["debtor_id"].to_numpy(object))
    mine = np.flatnonzero((when <= today) & (row >= 0))
    position = action_positions(actions["action"].to_numpy(object)[mine], actions["note"].to_numpy(object)[mine], plan)
    mine, position = mine[~np.isnan(position)], position[~np.isnan(position)].astype(int)
    row, when = row[mine], when[mine]
    # an action naming an invoice counts when it names one reminded now (same client), else when
    # dated after the first due date reminded now
    invoice = actions["invoice_id"].to_numpy(object)[mine]
    named = pd.notna(invoice)
    codes, _ = pd.factorize(np.concatenate([invoice[named], listed_invoices]))
    width = codes.max(initial=0) + 1
    listed_pairs = row_listed * width + codes[named.sum():]
    counts = np.where(named, False, when > x["first_due_date"][row])
    counts[named] = np.isin(row[named] * width + codes[:named.sum()], listed_pairs)
    row, when, position = row[counts], when[counts], position[counts]
    reached = np.zeros(len(ids), int)
    np.maximum.at(reached, row, position)
    x["level"] = plan.column("level")[reached].astype(int)
    x["level_name"] = np.where(reached > 0, plan.column("name", None)[reached], None)
    at_level = position == reached[row]
    x["level_date"] = latest_dates(row[at_level], when[at_level], len(ids))
    formal = position >= plan.formal_position
    x["formal_notice_date"] = earliest_dates(row[formal], when[formal], len(ids))
    return reached


def _next_step(x: dict, reached: np.ndarray, plan: Plan, today: np.datetime64, hand_over: str) -> np.ndarray:
    """The next level (no skipping unless allow_skip), its due date, and the formal notice's end,
    after the plan position `reached`; the next level's min_amount per client."""
    n = len(plan.levels)
    days = plan.column("days_after_due").astype(int)
    skippable = plan.column("allow_skip", False).astype(bool)

    def due_on(position: np.ndarray) -> np.ndarray:
        step = np.minimum(position, n)
        base = x["first_due_date"] + days[step].astype("timedelta64[D]")
        spaced = x["level_date"] + (days[step] - days[reached]).astype("timedelta64[D]")
        return np.where(spaced > base, spaced, base)

    nxt = reached + 1
    for p in range(1, n):
        if skippable[p] and (nxt == p).any():  # else no client skips level p: spare the dates
            nxt = np.where((nxt == p) & (today >= due_on(np.full(len(reached), p + 1))), p + 1, nxt)
    last, step = nxt > n, np.minimum(nxt, n)
    pay = int(plan.column("days_to_pay")[plan.formal_position])
    x["days_to_pay"] = np.where(last, pay, plan.column("days_to_pay", 0)[step]).astype(float)
    x["formal_notice_deadline"] = x["formal_notice_date"] + np.timedelta64(pay, "D")
    x["amicable_exhausted"] = x["formal_notice_deadline"] < today
    x["due_date"] = np.where(last, x["formal_notice_deadline"] + np.timedelta64(1, "D"), due_on(nxt))
    x["next_level"] = np.where(last, np.nan, plan.column("level")[step]).astype(float)
    x["next_action"] = np.where(last, hand_over, plan.column("name")[step])
    x["channel"] = np.where(last, None, plan.column("channel")[step])
    x["template"] = np.where(last, None, plan.column("template")[step])
    return np.where(last, 0.0, plan.column("min_amount", 0.0)[step]).astype(float)


def _status(x: dict, ids: pd.Index, debtors: pd.DataFrame, handed: np.ndarray, minimum: np.ndarray,
            today: np.datetime64) -> np.ndarray:
    """status, and the dates and levels only an active client has (`handed`: has invoices handed
    over, `minimum`: the next level's min_amount); which clients are active."""
    where = first_rows(debtors["debtor_id"].to_numpy(), ids)  # -1: not on the Debtors sheet
    since = np.append(debtors["insolvency_date"].to_numpy("datetime64[ns]"), np.datetime64("NaT"))[where]
    quiet = np.append(ticked(debtors["do_not_remind"]), False)[where]
    none = x["invoices"] == 0
    status = np.select([since <= today, quiet, handed & none, none, x["amount"] < minimum, x["due_date"] <= today],
                       [*QUIET, "due"], "planned")
    x["status"] = status
    active = ~among(status, QUIET)
    x["due_date"] = np.where(active, x["due_date"], np.datetime64("NaT"))
    x["next_level"] = np.where(active, x["next_level"], np.nan)
    x["days_to_pay"] = np.where(active, x["days_to_pay"], np.nan)
    first_due = x["first_due_date"]
    x["days_past_due"] = whole_days(today - first_due)
    drafted = ~np.isnan(x["next_level"]) & ~np.isnat(first_due)
    ids_text = np.full(len(ids), None, dtype=object)
    days = np.datetime_as_string(first_due[drafted], unit="D")
    level = x["next_level"][drafted].astype(int)
    ids_text[drafted] = [f"reminder:{d}:{n}:{day}" for d, n, day in zip(ids[drafted], level, days)]
    x["reminder_id"] = ids_text
    return active


def _blanked(values: np.ndarray, active: np.ndarray):
    """`values` where `active`, else None, typed as `values` are: text when any is (as a text
    column set on a frame, then blanked, stays text)."""
    kept = np.where(active, values, None)
    return pd.array(kept, dtype=text_dtype()) if any(isinstance(v, str) for v in values) else kept


def _insurer_deadline(x: dict, ids: pd.Index, deadlines: pd.DataFrame | None) -> None:
    """The debtor's earliest insurer deadline still ahead of a declaration, and which declaration
    (the collection request first on the same day)."""
    deadline = np.full(len(ids), np.datetime64("NaT"), dtype="datetime64[ns]")
    step = np.full(len(ids), None, dtype=object)
    if deadlines is not None and not deadlines.empty:
        status = deadlines["status"].to_numpy(object)
        notify, handover = among(status, NOTIFY_STEPS), among(status, HANDOVER_STEPS)
        when = np.where(notify, deadlines["notify_by"].to_numpy("datetime64[ns]"),
                        deadlines["handover_by"].to_numpy("datetime64[ns]"))
        row = found_at(ids, deadlines["debtor_id"].to_numpy(object))
        mine = np.flatnonzero((notify | handover) & (row >= 0) & ~np.isnat(when))
        first = mine[np.lexsort((notify[mine], when[mine], row[mine]))]  # by debtor, date, collection request first
        first = first[run_starts(row[first])]
        deadline[row[first]] = when[first]
        step[row[first]] = np.where(notify[first], "overdue_notice", "collection_request")
    x["insurer_deadline"], x["insurer_step"] = deadline, step


# --- letters -----------------------------------------------------------------------------------

def letter_language(country, default: str) -> str:
    """French to French-speaking countries, the policy's language elsewhere (the user writes in
    their own language; French first)."""
    if isinstance(country, str) and country.strip().upper() in FRENCH_SPEAKING:
        return "fr"
    return default


def reminder_data(row: Mapping, sources: LetterSources) -> dict:
    """What a reminder or formal notice prints, for one Dunning row.

    The letter_data dict of functions.declarations (declaration = the reminder: id, type =
    template, amount = total reminded, due_by = pay-by date) with `invoices` cut to the reminded
    ones, `penalties` and `penalty_totals` for them (interest by the Policy's rule, indemnity
    per invoice), `language` chosen by the debtor's country, and
        reminder: {level, name, channel, days_to_pay, pay_by, total, previous_name,
                   previous_date, indemnity (per invoice), interest_rule, penalty_points}
    """
    policy, as_of = sources.policy, sources.as_of
    days = int(row.get("days_to_pay") or 0)
    pay_by = (as_of + pd.Timedelta(days=days)).date()
    declaration = {"declaration_id": row.get("reminder_id"), "type": row.get("template"),
                   "debtor_id": row.get("debtor_id"), "amount": row.get("amount"), "due_by": pay_by,
                   "status": "draft", "first_due_date": row.get("first_due_date")}
    data = letter_data(declaration, sources)
    debtor = data["debtor"] or {}
    data["language"] = letter_language(debtor.get("country"), policy.language)
    data["invoices"] = [i for i in data["invoices"] if i["overdue"] and not i["disputed"]]
    listed = {i["invoice_id"] for i in data["invoices"]}
    debtor_id = row.get("debtor_id")
    claims = sources.values("penalties", "claim", debtor_id)  # below the Policy's thresholds: not claimed
    kept = [i in listed and c == "claimed" for i, c in zip(sources.values("penalties", "invoice_id", debtor_id), claims)]
    pen = {c: [v for v, keep in zip(sources.values("penalties", c, debtor_id), kept) if keep]
           for c in ("invoice_id", "days_late", "rate", "interest", "indemnity", "semesters")}
    data["penalties"] = [{k: _plain(v) for k, v in zip(pen, r)} for r in zip(*pen.values())]
    principal = round(sum(i["open"] for i in data["invoices"]), 2)
    interest = None if pd.isna(pen["interest"]).any() else round(_sum(pen["interest"]), 2)
    indemnity = round(_sum(pen["indemnity"]), 2)
    data["penalty_totals"] = {"principal": principal, "interest": interest, "indemnity": indemnity,
                              "claim_total": None if interest is None else round(principal + interest + indemnity, 2)}
    data["reminder"] = {"level": _plain(row.get("next_level")), "name": row.get("next_action"),
                        "channel": row.get("channel"), "days_to_pay": days, "pay_by": pay_by, "total": principal,
                        "previous_name": _plain(row.get("level_name")), "previous_date": _plain(row.get("level_date")),
                        "indemnity": policy.recovery_indemnity, "interest_rule": policy.interest_rule,
                        "penalty_points": policy.late_penalty_points}
    return data


def _plain(value):
    """A cell as a letter value: date, float to the cent, int, None for blanks."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, (float, np.floating)):
        return round(float(value), 2)
    if isinstance(value, np.integer):
        return int(value)
    return value
