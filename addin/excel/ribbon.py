"""The ribbon tab: one registry of buttons, and the dispatch the VBA callback calls.

Every button's VBA callback is the same one line,
    RunPython "import addin.excel.ribbon; addin.excel.ribbon.dispatch('" & control.Id & "')"
so which Python runs for which button lives here, in Python, and is tested here. Labels and
screentips come from functions/texts.py; the .xlam's VBA picks the French or English ones by
Excel's interface language (addin/excel/xlam.py, `CreditLabel`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from functions.texts import text


@dataclass(frozen=True)
class Button:
    id: str             # customUI id, also the dispatch key (a valid XML id and VBA-safe)
    image: str          # built-in icon: an Excel control id (imageMso) of Excel 2016, 2019 and 365
    macro: str          # function name in addin.excel.macros, called with the caller's Book
    group: str          # ribbon group id
    needs_workbook: bool = True   # False: runs with no workbook open (Excel's start, every book closed)

    def label(self, language: str) -> str:
        """The button's label (functions/texts.py, section `ribbon`)."""
        return text(f"ribbon.{self.id}", language)

    def screentip(self, language: str) -> str:
        return text(f"ribbon_tip.{self.id}", language)

    @property
    def label_en(self) -> str:
        return self.label("en")

    @property
    def label_fr(self) -> str:
        return self.label("fr")


# Group id -> (English label, French label), in ribbon order.
GROUPS = {g: (text(f"ribbon.group.{g}", "en"), text(f"ribbon.group.{g}", "fr"))
          for g in ("analysis", "recovery", "insurer", "workbook")}

BUTTONS: tuple[Button, ...] = (
    Button("credit_scores", "ConditionalFormattingIconSetsGallery", "score_clients", "analysis"),
    Button("credit_limits", "ConditionalFormattingHighlightGreaterThan", "check_limits", "analysis"),
    Button("credit_portfolio", "ChartTypePieInsertGallery", "portfolio_report", "analysis"),
    Button("credit_reminders", "SendCopySendToMailRecipient", "reminders", "recovery"),
    Button("credit_mark_reminded", "FileMarkAsFinal", "mark_reminder_sent", "recovery"),
    Button("credit_deadlines", "ConditionalFormattingHighlightDateOccuring", "deadlines", "insurer"),
    Button("credit_declarations", "FileSendAsAttachment", "draft_declarations", "insurer"),
    Button("credit_mark_sent", "FileMarkAsFinal", "mark_sent", "insurer"),
    Button("credit_turnover", "AccountingFormat", "turnover", "insurer"),
    Button("credit_penalties", "FunctionsFinancialInsertGallery", "penalties", "insurer"),
    Button("credit_groups", "SmartArtOrganizationChartMenu", "groups_insolvency", "insurer"),
    Button("credit_claims_terms", "AccountingFormat", "claims_and_terms", "insurer"),
    Button("credit_record_extension", "HeaderFooterCurrentDate", "record_extension", "insurer"),
    Button("credit_record_claim", "DollarSign", "record_claim_event", "insurer"),
    Button("credit_import_fec", "GetExternalDataFromText", "import_fec", "workbook"),
    Button("credit_validate", "ErrorChecking", "validate", "workbook"),
    Button("credit_refresh", "RefreshAll", "refresh_all", "workbook"),
    Button("credit_template", "FileNew", "open_template", "workbook", needs_workbook=False),
    Button("credit_help", "Help", "help", "workbook", needs_workbook=False),
)


def button(control_id: str) -> Button:
    for b in BUTTONS:
        if b.id == control_id:
            return b
    raise KeyError(f"no ribbon button '{control_id}'")


def macro_for(control_id: str) -> Callable:
    from addin.excel import macros
    return getattr(macros, button(control_id).macro)


def dispatch(control_id: str) -> None:
    """Called by the ribbon's VBA: run the button's macro on the workbook that called it."""
    import xlwings as xw

    from addin.excel.xlbook import XlBook
    macro_for(control_id)(XlBook(xw.Book.caller()))
