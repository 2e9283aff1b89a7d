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

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from .declarations import LetterSources, _sum, letter_data
from .ledger import Ledger, positions, sorted_order, whole_days
from .model import Issue
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
    names = {_words(lv.name): p for p, lv in enumerate(plan.levels, 1)}
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


def action_positions(actions: pd.DataFrame, plan: Plan) -> pd.Series:
    """action_position of every Actions row (computed once per distinct text), NaN when none."""
    keys = actions[["action", "note"]].astype(object).where(actions[["action", "note"]].notna(), None)
    pairs = list(zip(keys["action"], keys["note"]))
    known = {pair: action_position(*pair, plan) for pair in set(pairs)}
    return pd.Series([known[p] for p in pairs], index=actions.index, dtype="float64")


# --- the Dunning sheet -----------------------------------------------------------------------

def reminded(invoices: pd.DataFrame, as_of) -> pd.Series:
    """The invoices a reminder lists: open, past due, not disputed."""
    disputed = invoices["disputed"].fillna(False).astype(bool) if "disputed" in invoices else False
    return (invoices["open"] > 0) & (invoices["due_date"] < pd.Timestamp(as_of)) & ~disputed


def handed_over(invoices: pd.DataFrame, deadlines: pd.DataFrame | None) -> pd.Series:
    """The invoices a sent collection request covers (Deadlines status `handed_over`)."""
    if deadlines is None or deadlines.empty:
        return pd.Series(False, index=invoices.index)
    done = deadlines.loc[deadlines["collection_id"].notna(), "invoice_id"]
    return invoices["invoice_id"].isin(set(done))


def dunning(ledger: Ledger, debtors: pd.DataFrame, actions: pd.DataFrame, policy: Policy,
            plan: Plan | pd.DataFrame | None = None, deadlines: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Dunning` sheet, most urgent first, and the plan's problems.

    `plan`: a Plan or the `Dunning plan` table (None = defaults); `deadlines`: the Deadlines
    sheet, for the insurer deadline and the priority (optional).
    """
    plan, issues = plan_of(plan, policy.language)
    as_of = ledger.as_of
    inv = ledger.invoices
    overdue = inv.loc[(inv["open"] > 0) & (inv["due_date"] < as_of)]
    # the insurer recovers what was handed over (a collection request in the Register): never remind it
    handed = handed_over(overdue, deadlines)
    remind = reminded(overdue, as_of).to_numpy()
    listed = overdue.loc[remind & ~handed.to_numpy()]
    listed = listed.iloc[sorted_order(*(listed[k].to_numpy() for k in ("debtor_id", "due_date", "invoice_id")))]
    ids = pd.Index(sorted(overdue["debtor_id"].unique(), key=str), name="debtor_id")
    x = pd.DataFrame(index=ids)
    row, every = positions(ids, listed["debtor_id"]), positions(ids, overdue["debtor_id"])
    x["first_due_date"] = _dates_by_client(row, listed["due_date"].to_numpy("datetime64[ns]"), len(ids), np.minimum)
    # both sums in one grouping (listed rows, then every overdue row): each group's rows in their order
    disputed = np.where(remind, 0.0, overdue["open"].to_numpy())
    sums = (pd.Series(np.concatenate([listed["open"].to_numpy(), disputed]))
            .groupby(np.concatenate([row, every + len(ids)])).sum())
    owed = np.zeros(2 * len(ids))
    owed[sums.index.to_numpy()] = sums.to_numpy()
    x["amount"], x["disputed_amount"] = np.round(owed[:len(ids)], 2), np.round(owed[len(ids):], 2)
    x["invoices"] = pd.array(np.bincount(row, minlength=len(ids)), dtype="Int64")
    x["invoice_ids"] = _joined(row, listed["invoice_id"], ids)
    reached = _reached(x, listed, actions, plan, as_of)
    minimum = _next_step(x, reached, plan, as_of, text("dunning.hand_over", policy.language))
    _status(x, debtors, np.bincount(every[handed.to_numpy()], minlength=len(ids)) > 0, minimum, as_of)
    _insurer_deadline(x, deadlines)
    x["priority"] = np.select(
        [x["status"].isin(["due", "planned"]) & (x["formal_notice_date"].notna())
         & (x["insurer_deadline"] <= as_of + pd.Timedelta(days=policy.deadline_warning_days)),
         x["status"] == "due", x["status"] == "planned"], [1, 2, 3], 4)
    x["document"] = None
    x = x.reset_index()
    order = sorted_order(*(x[k].to_numpy() for k in ("priority", "due_date", "debtor_id")))
    return x[KEY_COLUMNS + EXTRA_COLUMNS].take(order).reset_index(drop=True), issues


def _joined(row: np.ndarray, invoice_ids: pd.Series, ids: pd.Index) -> pd.Series:
    """The invoice ids of each client, ', '-joined in their order (the rows of a client follow each other)."""
    start = np.flatnonzero(np.r_[True, row[1:] != row[:-1]]) if len(row) else np.zeros(0, int)
    texts = [str(i) for i in invoice_ids]
    joined = [", ".join(texts[a:b]) for a, b in zip(start, np.r_[start[1:], len(row)])]
    return pd.Series(joined, index=ids[row[start]]).reindex(ids)


def _reached(x: pd.DataFrame, listed: pd.DataFrame, actions: pd.DataFrame, plan: Plan, as_of) -> np.ndarray:
    """level, level_name, level_date, formal_notice_date from the Actions rows of this cycle; the
    plan position reached per client."""
    when = actions["date"].to_numpy("datetime64[ns]")
    row = positions(x.index, actions["debtor_id"])
    mine = np.flatnonzero((when <= np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns")) & (row >= 0))
    position = action_positions(actions.iloc[mine], plan).to_numpy()
    mine, position = mine[~np.isnan(position)], position[~np.isnan(position)].astype(int)
    row, when = row[mine], when[mine]
    # an action naming an invoice counts when it names one reminded now (same client), else when
    # dated after the first due date reminded now
    invoice = actions["invoice_id"].to_numpy(object)[mine]
    named = pd.notna(invoice)
    codes, _ = pd.factorize(np.concatenate([invoice[named], listed["invoice_id"].to_numpy(object)]))
    width = codes.max(initial=0) + 1
    listed_pairs = positions(x.index, listed["debtor_id"]) * width + codes[named.sum():]
    counts = np.where(named, False, when > x["first_due_date"].to_numpy("datetime64[ns]")[row])
    counts[named] = np.isin(row[named] * width + codes[:named.sum()], listed_pairs)
    row, when, position = row[counts], when[counts], position[counts]
    reached = np.zeros(len(x), int)
    np.maximum.at(reached, row, position)
    x["level"] = plan.column("level")[reached].astype(int)
    x["level_name"] = np.where(reached > 0, plan.column("name", None)[reached], None)
    at_level = position == reached[row]
    x["level_date"] = _dates_by_client(row[at_level], when[at_level], len(x), np.maximum)
    formal = position >= plan.formal_position
    x["formal_notice_date"] = _dates_by_client(row[formal], when[formal], len(x), np.minimum)
    return reached


def _dates_by_client(row: np.ndarray, when: np.ndarray, size: int, pick) -> np.ndarray:
    """The latest (pick np.maximum) or earliest (np.minimum) of `when` (no NaT) per client position
    `row`, NaT where none."""
    found = np.full(size, np.iinfo(np.int64).min if pick is np.maximum else np.iinfo(np.int64).max)
    pick.at(found, row, when.view(np.int64))
    found[found == np.iinfo(np.int64).max] = np.iinfo(np.int64).min  # NaT
    return found.view("datetime64[ns]")


def _next_step(x: pd.DataFrame, reached: np.ndarray, plan: Plan, as_of, hand_over: str) -> np.ndarray:
    """The next level (no skipping unless allow_skip), its due date, and the formal notice's end,
    after the plan position `reached`; the next level's min_amount per client."""
    n = len(plan.levels)
    days = plan.column("days_after_due").astype(int)
    skippable = plan.column("allow_skip", False).astype(bool)

    def due_on(position: np.ndarray) -> pd.Series:
        step = np.minimum(position, n)
        base = x["first_due_date"] + pd.to_timedelta(days[step], unit="D")
        spaced = x["level_date"] + pd.to_timedelta(days[step] - days[reached], unit="D")
        return base.where(~(spaced > base), spaced)

    nxt = reached + 1
    for p in range(1, n):
        if skippable[p] and (nxt == p).any():  # else no client skips level p: spare the dates
            nxt = np.where((nxt == p) & (as_of >= due_on(np.full(len(x), p + 1))).to_numpy(), p + 1, nxt)
    last = nxt > n
    pay = int(plan.column("days_to_pay")[plan.formal_position])
    x["days_to_pay"] = pd.array(np.where(last, pay, plan.column("days_to_pay", 0)[np.minimum(nxt, n)]), dtype="Int64")
    x["formal_notice_deadline"] = x["formal_notice_date"] + pd.Timedelta(days=pay)
    x["amicable_exhausted"] = (x["formal_notice_deadline"] < as_of).to_numpy()
    x["due_date"] = due_on(nxt).where(~last, x["formal_notice_deadline"] + pd.Timedelta(days=1))
    x["next_level"] = pd.array(np.where(last, pd.NA, plan.column("level")[np.minimum(nxt, n)]), dtype="Int64")
    x["next_action"] = np.where(last, hand_over, plan.column("name")[np.minimum(nxt, n)])
    x["channel"] = np.where(last, None, plan.column("channel")[np.minimum(nxt, n)])
    x["template"] = np.where(last, None, plan.column("template")[np.minimum(nxt, n)])
    return np.where(last, 0.0, plan.column("min_amount", 0.0)[np.minimum(nxt, n)]).astype(float)


def _status(x: pd.DataFrame, debtors: pd.DataFrame, handed: np.ndarray, minimum: np.ndarray, as_of) -> None:
    """status, and what only an active client has (`handed`: has invoices handed over, `minimum`:
    the next level's min_amount)."""
    book = debtors.drop_duplicates("debtor_id")
    where = positions(pd.Index(book["debtor_id"]), x.index)  # -1: not on the Debtors sheet
    since = np.append(book["insolvency_date"].to_numpy("datetime64[ns]"), np.datetime64("NaT"))[where]
    today = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns")
    quiet = np.append(book["do_not_remind"].fillna(False).astype(bool).to_numpy(), False)[where]
    none = x["invoices"].to_numpy() == 0
    gone = handed & none
    status = np.select([since <= today, quiet, gone, none, x["amount"].to_numpy() < minimum,
                        x["due_date"].to_numpy("datetime64[ns]") <= today], [*QUIET, "due"], "planned")
    x["status"] = status
    active = ~np.isin(status, QUIET)
    for column in ("next_action", "channel", "template"):
        x[column] = x[column].where(active, None)
    x["next_level"] = x["next_level"].where(active, pd.NA)
    x["due_date"] = x["due_date"].where(active)
    x["days_to_pay"] = x["days_to_pay"].where(active, pd.NA)
    first_due = x["first_due_date"].to_numpy("datetime64[ns]")
    x["days_past_due"] = pd.array(whole_days(today - first_due), dtype="Int64")
    level = x["next_level"].to_numpy(object)
    drafted = active & pd.notna(level) & ~np.isnat(first_due)
    ids_text = np.full(len(x), None, dtype=object)
    ids_text[drafted] = [f"reminder:{d}:{n}:{day}" for d, n, day in
                         zip(x.index[drafted], level[drafted], np.datetime_as_string(first_due[drafted], unit="D"))]
    x["reminder_id"] = pd.Series(ids_text, index=x.index, dtype="str")


def _insurer_deadline(x: pd.DataFrame, deadlines: pd.DataFrame | None) -> None:
    """The debtor's earliest insurer deadline still ahead of a declaration, and which declaration
    (the collection request first on the same day)."""
    if deadlines is None or deadlines.empty:
        x["insurer_deadline"], x["insurer_step"] = pd.Series(pd.NaT, index=x.index, dtype="datetime64[ns]"), None
        return
    status = deadlines["status"].to_numpy(object)
    notify, handover = np.isin(status, NOTIFY_STEPS), np.isin(status, HANDOVER_STEPS)
    when = np.where(notify, deadlines["notify_by"].to_numpy("datetime64[ns]"),
                    deadlines["handover_by"].to_numpy("datetime64[ns]"))
    row = positions(x.index, deadlines["debtor_id"])
    mine = np.flatnonzero((notify | handover) & (row >= 0) & ~np.isnat(when))
    first = mine[np.lexsort((notify[mine], when[mine], row[mine]))]  # by debtor, date, collection request first
    first = first[np.r_[True, row[first][1:] != row[first][:-1]]] if len(first) else first
    deadline = np.full(len(x), np.datetime64("NaT"), dtype="datetime64[ns]")
    deadline[row[first]] = when[first]
    step = np.full(len(x), None, dtype=object)
    step[row[first]] = np.where(notify[first], "overdue_notice", "collection_request")
    x["insurer_deadline"] = pd.Series(deadline, index=x.index)
    x["insurer_step"] = pd.Series(step, index=x.index, dtype=object)


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
