"""The ribbon tab: one registry of buttons, and the dispatch the VBA callback calls.

Every button's VBA callback is the same one line,
    RunPython "import addin.excel.ribbon; addin.excel.ribbon.dispatch('" & control.Id & "')"
so which Python runs for which button lives here, in Python, and is tested here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Button:
    id: str             # customUI id, also the dispatch key (a valid XML id and VBA-safe)
    label_en: str
    label_fr: str
    image: str          # built-in icon: an Excel control id (imageMso) of Excel 2016, 2019 and 365
    macro: str          # function name in addin.excel.macros, called with the caller's Book
    group: str          # ribbon group id
    screentip: str = ""
    needs_workbook: bool = True   # False: runs with no workbook open (Excel's start, every book closed)


GROUPS = {"analysis": ("Analysis", "Analyse"), "recovery": ("Recovery", "Recouvrement"), "insurer": ("Insurer", "Assureur"), "workbook": ("Workbook", "Classeur")}

BUTTONS: tuple[Button, ...] = (
    Button("credit_scores", "Score clients", "Noter les clients", "ConditionalFormattingIconSetsGallery", "score_clients", "analysis",
           "Score every client 0-100 and grade A-E"),
    Button("credit_limits", "Check limits", "Contrôler les limites", "ConditionalFormattingHighlightGreaterThan",
           "check_limits", "analysis", "Exposure against the insurer's limits, and what voids the cover"),
    Button("credit_portfolio", "Portfolio report", "Rapport portefeuille", "ChartTypePieInsertGallery", "portfolio_report", "analysis",
           "Concentration, expected loss, premium against indemnity and the credit policy, for the insurer"),
    Button("credit_reminders", "Reminders", "Relances", "SendCopySendToMailRecipient", "reminders", "recovery",
           "Next dunning action per client; reminders and formal notices due drafted as letters"),
    Button("credit_mark_reminded", "Mark reminder sent", "Marquer relance envoyée", "FileMarkAsFinal",
           "mark_reminder_sent", "recovery", "Record the selected reminder as sent in Actions"),
    Button("credit_deadlines", "Deadlines", "Échéances assureur", "ConditionalFormattingHighlightDateOccuring", "deadlines", "insurer",
           "Overdue notification and collection deadlines per invoice"),
    Button("credit_declarations", "Draft declarations", "Préparer les déclarations", "FileSendAsAttachment",
           "draft_declarations", "insurer", "Overdue notifications and collection requests due"),
    Button("credit_mark_sent", "Mark as sent", "Marquer envoyée", "FileMarkAsFinal", "mark_sent",
           "insurer", "Record the selected declaration as sent in the Register"),
    Button("credit_turnover", "Turnover declaration", "Déclaration de CA", "AccountingFormat", "turnover", "insurer",
           "Insured turnover and premium per period"),
    Button("credit_penalties", "Late penalties", "Pénalités de retard", "FunctionsFinancialInsertGallery", "penalties", "insurer",
           "Late interest and the 40 EUR recovery indemnity"),
    Button("credit_groups", "Groups & insolvency", "Groupes et procédures", "SmartArtOrganizationChartMenu",
           "groups_insolvency", "insurer", "Exposure per debtor group, insolvency deadlines and proofs of claim"),
    Button("credit_import_fec", "Import FEC", "Importer le FEC", "GetExternalDataFromText", "import_fec", "workbook",
           "Fill Debtors, Invoices and Payments from the accounting export (FEC)"),
    Button("credit_validate", "Validate workbook", "Vérifier le classeur", "ErrorChecking", "validate", "workbook",
           "List the problems in the input sheets"),
    Button("credit_refresh", "Refresh all", "Tout actualiser", "RefreshAll", "refresh_all", "workbook",
           "Recompute every result sheet"),
    Button("credit_template", "Open template", "Ouvrir le modèle", "FileNew", "open_template", "workbook",
           "Open the empty, documented template workbook", needs_workbook=False),
    Button("credit_help", "Help", "Aide", "Help", "help", "workbook", "How to use the add-in", needs_workbook=False),
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
