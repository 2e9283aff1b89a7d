"""Render one letter (.docx) per declaration, and the bulk upload files per declaration type.

    data = letter_data(row, sources, cover)          # functions.declarations, one Declarations row
    path = draft(row["type"], data, language, out_dir)
    # out_dir/overdue_notice_D1_2025-01-31_ACME_SARL.docx
    letters = Letters(out_dir)                       # a run's letters: templates prepared once,
    letters.draft(row["type"], data, language)       # file names unique across the run
    bulk_file(kind, bulk_rows(kind, [data, ...]), out_dir / kind)   # .csv and .xlsx

`context` is the plain dict documented in functions.declarations (declaration, as_of,
currency, insured, debtor, invoices, credit_notes, payments, disputes, actions, cover, totals,
dunning_history, penalties, penalty_totals, attachments, securities, turnover, turnover_totals);
the templates read exactly those names. Values are inserted once by Jinja with autoescape and
are never evaluated as template code: a buyer called `{{ 7*7 }}`, `<b>` or `=HYPERLINK(...)`
is printed as written. Control characters that would break the XML are dropped; a newline in
an address becomes a line break. Templates run in Jinja's sandbox, since users edit them.

Formatting filters, in the letter's language and the policy currency (`money_in(code)` in the
currency given, for an invoice's original amount):

>>> money_text(12500, "EUR", "fr"), money_text(12500, "EUR", "en")
('12\\xa0500,00\\xa0€', 'EUR 12,500.00')
>>> date_text("2025-01-31", "fr"), date_text("2025-01-31", "en")
('31/01/2025', '31 Jan 2025')
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import xlsxwriter
from jinja2 import Undefined, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from addin.letters.files import MAX_STEM_BYTES, RunNames, cut_to_bytes, remove_stale_temporaries, write_bytes, write_whole
from addin.letters.batch import Batch, package
from addin.letters.prepared import PreparedTemplate
from functions.texts import table

from addin.letters.reminders import DUNNING_KINDS
from addin.letters.templates import KINDS, LANGUAGES, template_path

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NBSP = "\u00a0"
# C0 controls other than tab and newline are invalid in XML; docxtpl would turn \a and \f
# into paragraph and page breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UNSAFE_NAME = re.compile(r"[^\w\-]+")
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_BYTES = MAX_STEM_BYTES
NAME_PREFIX = 4 * MAX_NAME_BYTES  # characters read of an id or a name: more than the cap keeps
# Codes the letters print in words (`{{ limit.type|term }}`); unknown codes print as they are.
TERMS = table("term")  # functions/texts.py


# --- formatting --------------------------------------------------------------------------

def _missing(value) -> bool:
    """None, NaN, NaT, or a name the context lacks (Jinja's Undefined, e.g. `cover.limit` with no cover)."""
    return (value is None or value is pd.NaT or isinstance(value, Undefined)
            or (isinstance(value, float) and math.isnan(value)))


def _grouped(value: float, decimals: int, thousands: str, point: str) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\0").replace(".", point).replace("\0", thousands)
    return ("-" if rounded < 0 else "") + text


def money_text(value, currency: str, language: str) -> str:
    """`12 500,00 €` (fr, no-break spaces) or `EUR 12,500.00` (en); blank when missing."""
    if _missing(value):
        return ""
    if language == "fr":
        return _grouped(value, 2, NBSP, ",") + NBSP + SYMBOLS.get(currency, currency)
    return f"{currency} {_grouped(value, 2, ',', '.')}"


def date_text(value, language: str) -> str:
    """`31/01/2025` (fr) or `31 Jan 2025` (en); blank when missing."""
    if _missing(value) or value == "":
        return ""
    day = pd.Timestamp(value)
    if pd.isna(day):
        return ""
    if language == "fr":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def percent_text(value, language: str) -> str:
    """A rate in percent (as the Penalties sheet gives it): 12.15 -> `12,15 %` (fr) or `12.15%` (en)."""
    if _missing(value):
        return ""
    if language == "fr":
        return _grouped(value, 2, NBSP, ",") + NBSP + "%"
    return _grouped(value, 2, ",", ".") + "%"


def with_de(name, language: str = "fr") -> str:
    """French `de` before a name, elided before a vowel or a mute h: `d’Allianz Trade`, `de Coface`;
    `de l’assureur` when no insurer is named."""
    if _missing(name) or not str(name).strip():
        return "de l’assureur"
    name = str(name).strip()
    first = unicodedata.normalize("NFD", name[0])[0].lower()
    return ("d’" if first in "aeiouyh" else "de ") + name


def literal(value) -> Markup:
    """What a `{{ }}` prints: the value's text, XML-escaped, never re-read as a template.

    docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` back into Jinja braces after rendering; writing
    every `_` of a value as a character reference keeps those sequences literal too.
    """
    if isinstance(value, Markup):
        return value
    if _missing(value):
        return Markup("")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # days late 92.0 -> 92
    text = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return Markup(str(escape(text)).replace("_", "&#95;"))


def environment(language: str) -> SandboxedEnvironment:
    """The Jinja environment of a letter: sandboxed (templates are user-edited), autoescaped."""
    env = SandboxedEnvironment(autoescape=True, finalize=literal)

    @pass_context
    def money(ctx, value):
        return money_text(value, ctx.get("currency") or "EUR", language)

    env.filters["money"] = money

    @pass_context
    def money_in(ctx, value, currency):
        """An amount in its own currency (an invoice in USD), else in the letter's."""
        return money_text(value, ctx.get("currency") or "EUR" if _missing(currency) or not currency else currency, language)

    env.filters["money_in"] = money_in
    env.filters["date"] = lambda value: date_text(value, language)
    env.filters["pct"] = lambda value: percent_text(value, language)
    env.filters["term"] = lambda value: TERMS[language].get(value, value)
    env.filters["de"] = with_de
    return env


# --- letters -----------------------------------------------------------------------------

def document_name(context: dict) -> str:
    """`{declaration id}_{debtor name}.docx`, safe on Windows, macOS and Linux, at most 120 bytes.

    Only the first NAME_PREFIX characters of the id and of the name are read: the cap keeps
    fewer, and a name of millions of characters is named as fast as a short one.
    """
    declaration = context.get("declaration") or {}
    debtor = context.get("debtor") or {}
    parts = [_clean(declaration.get("id")), _clean(debtor.get("name"))]
    stem = "_".join(p for p in parts if p) or "declaration"
    stem = cut_to_bytes(stem, MAX_NAME_BYTES).rstrip("_-")
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = "_" + stem
    return stem + ".docx"


def _clean(text) -> str:
    """Letters, digits, `-` and `_` only (accents kept); every other run of characters -> `_`."""
    if _missing(text):
        return ""
    text = unicodedata.normalize("NFC", str(text)[:NAME_PREFIX])
    return _UNSAFE_NAME.sub("_", text).strip("_-")


class Letters:
    """The letters of one run into one folder: each template prepared once (PreparedTemplate),
    file names unique across the run (RunNames), each file written whole (write_bytes).

    `template_dir` lets a user point at their own edited copies of the shipped templates.
    """

    def __init__(self, out_dir: Path, template_dir: Path | None = None):
        self.out_dir = Path(out_dir)
        self.template_dir = template_dir
        self.names = RunNames()
        self._templates: dict[tuple[str, str], PreparedTemplate] = {}
        self._ready = False

    def template(self, kind: str, language: str, env: SandboxedEnvironment | None = None) -> PreparedTemplate:
        if (kind, language) not in self._templates:
            path = template_path(kind, language, self.template_dir)
            self._templates[kind, language] = PreparedTemplate(path, env or environment(language))
        return self._templates[kind, language]

    def write(self, name: str, data: bytes) -> Path:
        """`data` into the folder under `name`, or `name_2`... if the run gave that name already."""
        if not self._ready:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.out_dir)
            self._ready = True
        return write_bytes(self.out_dir / self.names.claim(name), data)

    def draft(self, kind: str, context: dict, language: str, batch: Batch | None = None) -> Path:
        """Render the letter of one declaration and return its path; with a `batch`, the letter
        is also added to it (its parts rendered once for both)."""
        if kind not in KINDS + DUNNING_KINDS:
            raise ValueError(f"unknown letter kind {kind!r}; expected one of {', '.join(KINDS + DUNNING_KINDS)}")
        if language not in LANGUAGES:
            raise ValueError(f"unknown letter language {language!r}; expected fr or en")
        template = self.template(kind, language)
        parts = template.rendered(context)
        if batch is not None:
            batch.add(template, parts)
        return self.write(document_name(context), template.package(parts))

    def write_batch(self, batch: Batch, stem: str) -> list[Path]:
        """The batch's letters into `stem`.docx (one file per set of templates sharing their parts)."""
        return [self.write(f"{stem}.docx", package(group)) for group in batch.groups()]


def draft(kind: str, context: dict, language: str, out_dir: Path, template_dir: Path | None = None) -> Path:
    """Render the letter of one declaration into `out_dir` and return its path (a run drafts
    all its letters through one `Letters`)."""
    return Letters(out_dir, template_dir).draft(kind, context, language)


# --- bulk upload files -------------------------------------------------------------------

INVOICE_COLUMNS = ["policy_number", "insurer_debtor_ref", "debtor_name", "registration_id", "invoice_id",
                   "invoice_date", "due_date", "open_amount", "currency"]
BULK_COLUMNS = {"overdue_notice": INVOICE_COLUMNS, "collection_request": INVOICE_COLUMNS,
                "insolvency_notice": INVOICE_COLUMNS, "proof_of_claim": INVOICE_COLUMNS,
                "turnover": ["period", "country", "insured", "turnover_excl_vat", "premium"]}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def bulk_file(kind: str, rows: pd.DataFrame, out_path: Path) -> tuple[Path, Path]:
    """Write `out_path`.csv and `out_path`.xlsx, shaped for upload to the insurer's portal.

    `rows` holds the columns of BULK_COLUMNS[kind] (one row per invoice, or per period, country
    and insured flag for turnover); extra columns are dropped. The CSV is for French Excel:
    UTF-8 with BOM, `;` separator, amounts with two decimals and a decimal comma, dates
    dd/mm/yyyy; a text cell starting with
    `= + - @` is prefixed with `'` so Excel shows it instead of computing it. The XLSX keeps
    numbers and dates typed and writes every string as text.
    """
    columns = BULK_COLUMNS[kind]
    missing = [c for c in columns if c not in rows.columns]
    if missing:
        raise ValueError(f"{kind} bulk file needs the columns {', '.join(missing)}")
    frame = rows.loc[:, columns].reset_index(drop=True)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = out_path.with_suffix(".csv"), out_path.with_suffix(".xlsx")
    text = _csv_frame(frame)
    write_whole(csv_path, lambda tmp: text.to_csv(tmp, sep=";", decimal=",", float_format="%.2f", index=False,
                                                  encoding="utf-8-sig", date_format="%d/%m/%Y", lineterminator="\r\n"))
    write_whole(xlsx_path, lambda tmp: _write_xlsx(frame, tmp, kind))
    return csv_path, xlsx_path


def _csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        series = out[name]
        if pd.api.types.is_bool_dtype(series):
            out[name] = series.map({True: "true", False: "false"})
        elif not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)):
            out[name] = series.map(_csv_text)
    return out


def _csv_text(value):
    if _missing(value):
        return None
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet_name: str) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    book.set_properties({"created": datetime(2025, 1, 1)})
    header = book.add_format({"bold": True})
    formats = {"date": book.add_format({"num_format": "dd/mm/yyyy"}), "number": book.add_format({"num_format": "0.00"})}
    sheet = book.add_worksheet(sheet_name[:31])
    sheet.write_row(0, 0, list(frame.columns), header)
    sheet.freeze_panes(1, 0)
    for col, name in enumerate(frame.columns):
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            kind, width = "date", 12
        elif pd.api.types.is_float_dtype(series):
            kind, width = "number", 16
        else:
            kind, width = None, max(len(name), int(series.astype(str).str.len().fillna(0).max() or 0) if len(series) else 0) + 2
        sheet.set_column(col, col, min(width, 60), formats.get(kind))
        for row, value in enumerate(series.tolist(), start=1):
            _write_cell(sheet, row, col, value, formats.get(kind))
    book.close()


def _write_cell(sheet, row: int, col: int, value, fmt) -> None:
    if _missing(value):
        return
    if isinstance(value, (datetime, date)):
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value))


def bulk_rows(kind: str, letters: list[dict]) -> pd.DataFrame:
    """The bulk-file rows of one declaration type from its letters' data (letter_data dicts).

    Overdue and insolvency notices list every open invoice, as their letters do; a collection
    request lists the overdue invoices it hands over; a turnover declaration its rows.
    """
    if kind == "turnover":
        rows = [{"period": d["declaration"]["period"], **{k: r.get(k) for k in BULK_COLUMNS[kind][1:]}}
                for d in letters for r in d.get("turnover") or []]
    else:
        rows = [_invoice_row(d, inv) for d in letters for inv in d.get("invoices") or []
                if kind != "collection_request" or inv.get("overdue")]
    frame = pd.DataFrame(rows, columns=BULK_COLUMNS[kind])
    for column in ("invoice_date", "due_date"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    for column in ("open_amount", "turnover_excl_vat", "premium"):
        if column in frame:
            frame[column] = frame[column].astype(float)
    return frame


def _invoice_row(data: dict, invoice: dict) -> dict:
    debtor = data.get("debtor") or {}
    return {"policy_number": data["insured"]["policy_number"], "insurer_debtor_ref": debtor.get("insurer_ref"),
            "debtor_name": debtor.get("name"), "registration_id": debtor.get("registration_id"),
            "invoice_id": invoice["invoice_id"], "invoice_date": invoice.get("invoice_date"),
            "due_date": invoice.get("due_date"), "open_amount": invoice.get("open"), "currency": data.get("currency")}
