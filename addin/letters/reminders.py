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

from addin.letters.templates import Col, _cell_text, _footer, _heading, _loop_table, _new_document, _shade, _table, _title

DUNNING_KINDS = ("reminder", "formal_notice")

TITLES = {
    "reminder": {"fr": "Relance : factures impayées", "en": "Payment reminder"},
    "formal_notice": {"fr": "Mise en demeure de payer", "en": "Formal notice to pay"},
}

WORDS = {
    "fr": {
        "registered": "Lettre recommandée avec accusé de réception", "date_place": "Le", "customer": "Votre code client",
        "reference": "Notre référence", "salutation": "Madame, Monsieur,",
        "invoice": "N° facture", "invoice_date": "Date", "due_date": "Échéance", "amount": "Montant TTC",
        "open": "Solde dû", "days_late": "Retard (j)", "total": "Total", "rate": "Taux", "interest": "Pénalités",
        "indemnity": "Indemnité", "penalties": "Pénalités de retard et indemnités forfaitaires", "missing": "à compléter",
        "closing": "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.",
        "first": "Sauf erreur ou omission de notre part, les factures ci-dessous restent impayées à ce jour. "
                 "Il s’agit sans doute d’un oubli : nous vous remercions de bien vouloir en effectuer le règlement.",
        "again": "Malgré notre relance du {{ reminder.previous_date|date }}, les factures ci-dessous restent impayées. "
                 "Nous vous demandons de procéder à leur règlement sans tarder.",
        "pay": "Nous vous remercions de nous régler la somme de {{ reminder.total|money }} au plus tard le "
               "{{ reminder.pay_by|date }}. Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas "
               "tenir compte de la présente.",
        "law": "Nous vous rappelons que tout retard de paiement donne lieu de plein droit à des pénalités de retard et "
               "à une indemnité forfaitaire pour frais de recouvrement de {{ reminder.indemnity|money }} par facture "
               "(article L441-10 du Code de commerce).",
        "notice_intro": "Malgré nos relances{% if reminder.previous_date %}, dont la dernière du "
                        "{{ reminder.previous_date|date }}{% endif %}, les factures ci-dessous restent impayées.",
        "demand": "En conséquence, nous vous mettons en demeure de nous régler, dans un délai de "
                  "{{ reminder.days_to_pay }} jours à compter de la réception de la présente, soit au plus tard le "
                  "{{ reminder.pay_by|date }}, la somme de ",
        "claim_missing": "{{ penalty_totals.principal|money }} en principal, augmentée des pénalités de retard "
                         "(montant à compléter : taux manquant)",
        "breakdown": "Principal : {{ penalty_totals.principal|money }} ; pénalités de retard arrêtées au "
                     "{{ as_of|date }} : {% if penalty_totals.interest is none %}à compléter{% else %}"
                     "{{ penalty_totals.interest|money }}{% endif %} ; indemnités forfaitaires pour frais de "
                     "recouvrement ({{ reminder.indemnity|money }} par facture, article D441-5 du Code de commerce) : "
                     "{{ penalty_totals.indemnity|money }}.",
        "running": "Les pénalités de retard continuent de courir jusqu’au complet paiement (article L441-10 du Code "
                   "de commerce).",
        "threat": "À défaut de règlement dans ce délai, nous engagerons sans autre avis le recouvrement contentieux de "
                  "notre créance, dont les frais resteront à votre charge. La présente vaut mise en demeure au sens "
                  "de l’article 1344 du Code civil.",
    },
    "en": {
        "registered": "Registered letter with acknowledgement of receipt", "date_place": "Date:",
        "customer": "Your customer code", "reference": "Our reference", "salutation": "Dear Sir or Madam,",
        "invoice": "Invoice", "invoice_date": "Date", "due_date": "Due date", "amount": "Amount incl. VAT",
        "open": "Balance due", "days_late": "Days late", "total": "Total", "rate": "Rate", "interest": "Interest",
        "indemnity": "Indemnity", "penalties": "Late-payment interest and fixed recovery indemnities",
        "missing": "to be completed", "closing": "Yours faithfully,",
        "first": "According to our records, the invoices below are still unpaid. This is probably an oversight: "
                 "please arrange for their payment.",
        "again": "Despite our reminder of {{ reminder.previous_date|date }}, the invoices below are still unpaid. "
                 "Please settle them without delay.",
        "pay": "Please pay {{ reminder.total|money }} by {{ reminder.pay_by|date }} at the latest. If you have "
               "paid in the meantime, please disregard this letter.",
        "law": "Please note that any late payment entitles us to late-payment interest and to a fixed recovery "
               "indemnity of {{ reminder.indemnity|money }} per invoice (French Commercial Code, art. L441-10; "
               "EU Directive 2011/7).",
        "notice_intro": "Despite our reminders{% if reminder.previous_date %}, the last one dated "
                        "{{ reminder.previous_date|date }}{% endif %}, the invoices below are still unpaid.",
        "demand": "We therefore give you formal notice to pay, within {{ reminder.days_to_pay }} days of receipt "
                  "of this letter and by {{ reminder.pay_by|date }} at the latest, the sum of ",
        "claim_missing": "{{ penalty_totals.principal|money }} in principal plus late-payment interest (amount to "
                         "be completed: interest rate missing)",
        "breakdown": "Principal: {{ penalty_totals.principal|money }}; late-payment interest up to "
                     "{{ as_of|date }}: {% if penalty_totals.interest is none %}to be completed{% else %}"
                     "{{ penalty_totals.interest|money }}{% endif %}; fixed recovery indemnities "
                     "({{ reminder.indemnity|money }} per invoice): {{ penalty_totals.indemnity|money }}.",
        "running": "Late-payment interest keeps running until payment in full.",
        "threat": "Failing payment within this time, we will start legal recovery proceedings without further "
                  "notice, at your expense. This letter is a formal notice (mise en demeure) within the meaning "
                  "of article 1344 of the French Civil Code.",
    },
}


def build(kind: str, language: str) -> Document:
    """The template of a reminder or formal notice in one language."""
    w = WORDS[language]
    doc = _new_document(TITLES[kind][language])
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
    signature = doc.add_paragraph()
    signature.paragraph_format.space_before = Pt(18)
    signature.add_run("{{ insured.name }}").bold = True
    _footer(doc, w | {"page": "page"})
    # The footer names the sender, not the insurance policy: the debtor need not know it.
    doc.sections[0].footer.paragraphs[0].runs[0].text = "{{ insured.name }} — {{ declaration.id }} — page "
    return doc


def _addresses(doc, kind: str, w) -> None:
    doc.add_paragraph().add_run("{{ insured.name }}").bold = True
    for text, bold in (("{{ debtor.name }}", True), ("{{ debtor.address }}", False), ("{{ debtor.country }}", False)):
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(9.5)
        p.paragraph_format.space_after = Pt(0)
        p.add_run(text).bold = bold
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
