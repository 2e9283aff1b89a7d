"""Generate the letters to the debtor (`addin/letters/docx/{reminder|formal_notice}_{fr|en}.docx`):
the payment reminder (relance) and the formal notice (mise en demeure).

Same building blocks, tags and filters as the letters to the insurer (addin.letters.templates);
the context is functions.dunning.reminder_data: `reminder` (level, days_to_pay, pay_by, total,
previous_name, previous_date, indemnity), `invoices` (the reminded ones), `penalties` and
`penalty_totals`. Editable in Word like the others; regenerate (byte-stable) with

    python -c "from addin.letters.reminders import write_templates; write_templates()"

The reminder is friendly the first time and firmer once a previous reminder is on record
(`{% if reminder.previous_date %}`); both recall the late-payment penalties and the fixed
recovery indemnity that French law attaches to any late payment (Code de commerce L441-10). The
formal notice adds the interest computed by the penalties rules and the indemnities, gives
`days_to_pay` days, and says it is a mise en demeure within the meaning of Code civil art. 1344.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from addin.letters import templates

from addin.letters.templates import (LANGUAGES, Col, _cell_text, _footer, _heading, _loop_table, _new_document, _shade,
                                     _signature, _table, _title, typography)
from functions.texts import table, text

DUNNING_KINDS = ("reminder", "formal_notice")

TITLES = {kind: {lang: text(f"reminder.title.{kind}", lang) for lang in LANGUAGES} for kind in DUNNING_KINDS}


def words(language: str) -> dict[str, str]:
    """The reminders' words in `language` (functions/texts.py, section `reminder`), French typography."""
    return {k: typography(v, language) for k, v in table("reminder")[language].items() if k != "title"} | \
        {k: templates.words(language)[k] for k in ("colon", "siren", "contact", "phone", "email", "incomplete")}


def build(kind: str, language: str) -> Document:
    """The template of a reminder or formal notice in one language."""
    w = words(language)
    doc = _new_document(TITLES[kind][language])
    templates.sender(doc, w)
    _addresses(doc, kind, w)
    _title(doc, TITLES[kind][language])
    _references(doc, w)
    doc.add_paragraph(w["salutation"])
    if kind == "reminder":
        doc.add_paragraph(f"{{% if reminder.previous_date %}}{w['again']}{{% else %}}{w['first']}{{% endif %}}")
        _invoices(doc, w)
        doc.add_paragraph(w["pay"])
        doc.add_paragraph(w["law"])
    else:
        doc.add_paragraph(w["notice_intro"])
        _invoices(doc, w)
        _penalties(doc, w)
        p = doc.add_paragraph(w["demand"])
        p.add_run("{% if penalty_totals.claim_total is none %}" + w["claim_missing"] + "{% else %}"
                  "{{ penalty_totals.claim_total|money }}{% endif %}").bold = True
        p.add_run(".")
        doc.add_paragraph(w["breakdown"])
        doc.add_paragraph(w["running"])
        doc.add_paragraph(w["threat"])
    doc.add_paragraph(w["closing"])
    _signature(doc, templates.words(language))
    _footer(doc, w | {"page": "page"})
    # The footer names the sender, not the insurance policy: the debtor need not know it.
    doc.sections[0].footer.paragraphs[0].runs[0].text = "{{ insured.name }} — {{ declaration.id }} — page "
    return doc


def _addresses(doc, kind: str, w) -> None:
    for text_, bold in (("{{ debtor.name }}", True), ("{{ debtor.address }}", False), ("{{ debtor.country }}", False)):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(9.5)
        p.paragraph_format.space_after = Pt(0)
        p.add_run(text_).bold = bold
    if kind == "formal_notice":
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        p.add_run(w["registered"]).bold = True
    doc.add_paragraph(f"{w['date_place']} {{{{ as_of|date }}}}").alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _references(doc, w) -> None:
    table = _table(doc, 2, [Cm(5.5), Cm(11.5)])
    for row, (label, value) in zip(table.rows, ((w["customer"], "{{ debtor.id }}"),
                                                (w["reference"], "{{ declaration.id }}"))):
        _cell_text(row.cells[0], label, bold=True)
        _cell_text(row.cells[1], value)
        _shade(row.cells[0], "EAF1F8")
    doc.add_paragraph()


def _invoices(doc, w) -> None:
    _loop_table(doc, "inv in invoices", [
        Col(w["invoice"], "{{ inv.invoice_id }}", 3.8, total=w["total"]),
        Col(w["invoice_date"], "{{ inv.invoice_date|date }}", 2.2),
        Col(w["due_date"], "{{ inv.due_date|date }}", 2.2),
        Col(w["amount"], "{{ inv.amount|money }}", 3.3, True),
        Col(w["open"], "{{ inv.open|money }}", 3.3, True, "{{ reminder.total|money }}"),
        Col(w["days_late"], "{{ inv.days_past_due }}", 2.2, True),
    ])


def _penalties(doc, w) -> None:
    _heading(doc, w["penalties"])
    interest = f"{{% if pen.interest is none %}}{w['missing']}{{% else %}}{{{{ pen.interest|money }}}}{{% endif %}}"
    _loop_table(doc, "pen in penalties", [
        Col(w["invoice"], "{{ pen.invoice_id }}", 3.8, total=w["total"]),
        Col(w["days_late"], "{{ pen.days_late }}", 2.2, True),
        Col(w["rate"], "{{ pen.rate|pct }}", 2.2, True),
        Col(w["interest"], interest, 4.4, True, "{{ penalty_totals.interest|money }}"),
        Col(w["indemnity"], "{{ pen.indemnity|money }}", 4.4, True, "{{ penalty_totals.indemnity|money }}")])


def write_templates(directory: Path | None = None) -> list[Path]:
    """Write the reminder and formal notice templates (both languages) into `directory`."""
    return templates.write_templates(directory, DUNNING_KINDS, build)
