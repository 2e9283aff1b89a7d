"""Generate the Word letter templates (`addin/letters/docx/{kind}_{fr|en}.docx`) by code.

The templates are ordinary .docx files carrying docxtpl/Jinja tags, so a credit manager can
reword them in Word and keep the tags. They are committed; this generator only rewrites them
when the layout changes, and its output is byte-stable (fixed zip dates and core properties),
so regenerating leaves git clean:

    python -c "from addin.letters.templates import write_templates; write_templates()"

Tags used (see addin.letters.render for the context and the filters):
- `{{ debtor.name }}` values, always printed literally (autoescaped);
- `{{ x|money }}`, `{{ d|date }}`, `{{ r|pct }}`, `{{ code|term }}` formatting in the letter's language, the
  amounts in the policy currency;
- `{%tr for inv in invoices %}` ... `{%tr endfor %}` rows repeated per invoice;
- `{%p if credit_notes %}` ... `{%p endif %}` optional sections.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from functions.declaration_kinds import KINDS as DECLARATION_KINDS
from functions.texts import table, text

KINDS = tuple(k.template for k in DECLARATION_KINDS.values())
LANGUAGES = ("fr", "en")
TEMPLATE_DIR = Path(__file__).resolve().parent / "docx"
FIXED_DATE = datetime(2025, 1, 1)
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
ACCENT = "1F4E78"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Col:
    """One column of a repeated-row table: header, cell expression, width (cm), right-aligned."""

    header: str
    cell: str
    width: float
    right: bool = False
    total: str = ""  # expression printed in the total row under this column


def template_path(kind: str, language: str, directory: Path | None = None) -> Path:
    return (directory or TEMPLATE_DIR) / f"{kind}_{language}.docx"


# --- words (functions/texts.py: sections `letter`, `letter_intro`, `claim`) -----------------

def words(language: str) -> dict[str, str]:
    """The letters' words in `language`, French typography applied (no-break space before `:` ...)."""
    return {k: typography(v, language) for k, v in table("letter")[language].items()}


def claim_words(language: str) -> dict[str, str]:
    return {k: typography(v, language) for k, v in table("claim")[language].items()}


def typography(text: str, language: str) -> str:
    """French spacing: a no-break space before `:`, `;`, `?`, `!` and `%` and inside guillemets, so a
    colon never starts a line; English text is left as it is. Jinja tags are never touched."""
    if language != "fr":
        return text
    parts = re.split(r"({{.*?}}|{%.*?%})", text)
    for k in range(0, len(parts), 2):
        part = re.sub(r" ([:;?!%»])", NBSP + r"\1", parts[k])
        parts[k] = re.sub(r"« ", "«" + NBSP, part)
    return "".join(parts)


TITLES = {k.template: {lang: k.title(lang) for lang in LANGUAGES} for k in DECLARATION_KINDS.values()}
INTROS = {kind: {lang: typography(text(f"letter_intro.{kind}", lang), lang) for lang in LANGUAGES} for kind in KINDS}


# --- the letters -------------------------------------------------------------------------

def build(kind: str, language: str) -> Document:
    """The template of one letter kind in one language, as a python-docx Document."""
    w = words(language)
    doc = _new_document(TITLES[kind][language])
    _incomplete(doc, w)
    sender(doc, w)
    if kind == "proof_of_claim":  # to the court-appointed representative, whose name the insured fills in
        _addressee(doc, [claim_words(language)["to"]], bold_first=False)
    else:
        _addressee(doc, [f"{w['to']} " + ("{{ insurer.name|de }}" if language == "fr" else "{{ insurer.name }}"),
                         "{%p for line in insurer.address %}", "{{ line }}", "{%p endfor %}"])
    _date_line(doc, w)
    _title(doc, TITLES[kind][language])
    _identity_table(doc, kind, w)
    doc.add_paragraph(w["salutation"])
    doc.add_paragraph(INTROS[kind][language])
    if kind == "turnover":
        _turnover_body(doc, w)
    elif kind == "proof_of_claim":
        _claim_body(doc, w, claim_words(language))
    else:
        _debt_body(doc, kind, w)
    doc.add_paragraph(w["closing"])
    _signature(doc, w)
    _footer(doc, w)
    return doc


def _incomplete(doc, w) -> None:
    """A red line at the top of a draft lacking what the insurer needs (removed once completed)."""
    doc.add_paragraph("{%p if missing %}")
    run = doc.add_paragraph().add_run(w["incomplete"] + w["colon"] + "{{ missing|join(', ') }}")
    run.bold, run.font.color.rgb = True, RGBColor.from_string("C00000")
    doc.add_paragraph("{%p endif %}")


def sender(doc, w) -> None:
    """The sender block: the insured's name, address, SIREN, contact, phone and email (Policy sheet)."""
    _tight(doc.add_paragraph()).add_run("{{ insured.name }}").bold = True
    doc.add_paragraph("{%p for line in insured.address %}")
    _tight(doc.add_paragraph("{{ line }}"))
    doc.add_paragraph("{%p endfor %}")
    for field, label in (("siren", w["siren"]), ("contact", w["contact"]), ("phone", w["phone"]), ("email", w["email"])):
        doc.add_paragraph(f"{{%p if insured.{field} %}}")
        _tight(doc.add_paragraph(f"{label}{w['colon']}{{{{ insured.{field} }}}}"))
        doc.add_paragraph("{%p endif %}")


def _addressee(doc, lines: list[str], bold_first: bool = True) -> None:
    """The recipient, in the right half of the page (an address shows in a window envelope)."""
    for k, line in enumerate(lines):
        p = _tight(doc.add_paragraph())
        if not line.startswith("{%"):
            p.paragraph_format.left_indent = Cm(9.5)
        p.add_run(line).bold = bold_first and k == 0


def _date_line(doc, w) -> None:
    p = doc.add_paragraph(f"{w['date_place']} {{{{ as_of|date }}}}")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.space_before = Pt(12)


def _tight(p):
    p.paragraph_format.space_after = Pt(0)
    return p


def _title(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(12)
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = RGBColor.from_string(ACCENT)


def _identity_table(doc, kind: str, w) -> None:
    rows = [(w["policy"], "{{ insured.policy_number }}"), (w["insured"], "{{ insured.name }}"),
            (w["reference"], "{{ declaration.reference }} ({{ declaration.id }})")]
    if kind == "turnover":
        rows += [(w["period"], "{{ declaration.period }}"), (w["insured_turnover"], "{{ declaration.amount|money }}")]
    else:
        rows += [(w["debtor"], "{{ debtor.name }}"), (w["debtor_id"], "{{ debtor.id }}"),
                 (w["registration"], "{{ debtor.registration_id }}{% if debtor.registration_kind %}"
                                     " ({{ debtor.registration_kind }}){% endif %}"),
                 (w["insurer_ref"], "{{ debtor.insurer_ref }}"),
                 (w["address"], "{{ debtor.address }}"), (w["country"], "{{ debtor.country }}"),
                 (w["limit"], "{% if cover.limit|money %}{{ cover.limit|money }} ({{ cover.limit_type|term }})"
                              "{% elif cover.limit_type %}{{ cover.limit_type|term }}"
                              f"{{% else %}}{w['none']}{{% endif %}}"),
                 (w["declared"], "{{ declaration.amount|money }}")]
    if kind in ("insolvency_notice", "proof_of_claim"):
        rows += [(w["insolvency_date"], "{{ debtor.insolvency_date|date }}")]
    if kind != "turnover":  # a turnover declaration has no due date in the Policy sheet
        label = w["handover_by"] if kind == "collection_request" else w["due_by"]
        rows += [(label, "{{ declaration.due_by|date }}")]
    table = _table(doc, len(rows), [Cm(5.5), Cm(11.5)])
    for row, (label, value) in zip(table.rows, rows):
        _cell_text(row.cells[0], label, bold=True)
        _cell_text(row.cells[1], value)
        _shade(row.cells[0], "EAF1F8")
    doc.add_paragraph()


def _debt_body(doc, kind: str, w) -> None:
    _heading(doc, w["invoices"])
    _loop_table(doc, "inv in invoices", [
        Col(w["invoice"], "{{ inv.invoice_id }}{% if inv.disputed %} (" + w["disputed"] + "){% endif %}", 3.8,
            total=w["total"]),
        Col(w["invoice_date"], "{{ inv.invoice_date|date }}", 2.2),
        Col(w["due_date"], "{{ inv.due_date|date }}", 2.2),
        Col(w["amount"], "{{ inv.amount|money }}", 3.3, True),
        Col(w["open"], "{{ inv.open|money }}{% if inv.currency and inv.currency != currency %}"
                       " ({{ inv.open_original|money_in(inv.currency) }}){% endif %}", 3.3, True, "{{ totals.open|money }}"),
        Col(w["days_late"], "{% if inv.overdue %}{{ inv.days_past_due }}{% endif %}", 2.2, True),
    ])
    p = doc.add_paragraph()
    p.add_run(w["total_open"] + w["colon"]).bold = True
    p.add_run("{{ totals.open|money }}").bold = True
    p.add_run(f" — {w['overdue']} {{{{ totals.overdue|money }}}}, {w['not_due']} {{{{ totals.not_due|money }}}}"
              f"{{% if totals.disputed %}}, {w['of_disputed']} {{{{ totals.disputed|money }}}}{{% endif %}}")
    _optional_text(doc, "totals.unapplied_credit", w["unapplied"],
                   f"{w['unapplied_text']}{w['colon']}{{{{ totals.unapplied_credit|money }}}}")
    _optional_table(doc, "credit_notes", w["credit_notes"], "cn in credit_notes", [
        Col(w["credit_note"], "{{ cn.credit_note_id }}", 3.8), Col(w["invoice_date"], "{{ cn.date|date }}", 2.6),
        Col(w["credited"], "{{ cn.credited_invoice_id }}", 6.2), Col(w["amount"], "{{ cn.amount|money }}", 4.4, True)])
    _optional_table(doc, "payments", w["payments"], "pay in payments", [
        Col(w["payment_date"], "{{ pay.date|date }}", 2.6), Col(w["payment_ref"], "{{ pay.payment_id }}", 6.2),
        Col(w["invoice"], "{{ pay.invoice_id }}", 3.8), Col(w["amount"], "{{ pay.amount|money }}", 4.4, True)])
    _optional_table(doc, "disputes", w["disputes"], "dis in disputes", [
        Col(w["invoice"], "{{ dis.invoice_id }}", 4.4), Col(w["due_date"], "{{ dis.due_date|date }}", 3.8),
        Col(w["amount"], "{{ dis.amount|money }}", 4.4, True), Col(w["open"], "{{ dis.open|money }}", 4.4, True)])
    _optional_table(doc, "actions", w["actions"], "act in actions", [
        Col(w["payment_date"], "{{ act.date|date }}", 2.6), Col(w["invoice"], "{{ act.invoice_id }}", 3.2),
        Col(w["action"], "{{ act.action }}", 4.4), Col(w["note"], "{{ act.note }}", 6.8)])
    if kind == "collection_request":
        _collection_extras(doc, w)


def _collection_extras(doc, w) -> None:
    _optional_table(doc, "dunning_history", w["dunning"], "dun in dunning_history", [
        Col(w["invoice"], "{{ dun.invoice_id }}", 3.8, total=w["total"]),
        Col(w["due_date"], "{{ dun.due_date|date }}", 2.4),
        Col(w["open"], "{{ dun.open|money }}", 3.6, True, "{{ penalty_totals.principal|money }}"),
        Col(w["reminders"], "{{ dun.reminders }}", 2.0, True),
        Col(w["first_reminder"], "{{ dun.first_reminder|date }}", 2.6),
        Col(w["last_reminder"], "{{ dun.last_reminder|date }}", 2.6)])
    missing = f"{{% if pen.interest is none %}}{w['rate_missing']}{{% else %}}{{{{ pen.interest|money }}}}{{% endif %}}"
    _optional_table(doc, "penalties", w["penalties"], "pen in penalties", [
        Col(w["invoice"], "{{ pen.invoice_id }}", 3.8, total=w["total"]),
        Col(w["days_late"], "{{ pen.days_late }}", 2.2, True),
        Col(w["rate"], "{{ pen.rate|pct }}", 2.2, True),
        Col(w["interest"], missing.replace("pen.interest|money", "pen.interest|money_in(pen.currency)"), 4.4, True,
            "{{ penalty_totals.interest|money }}"),
        Col(w["indemnity"], "{{ pen.indemnity|money }}", 4.4, True, "{{ penalty_totals.indemnity|money }}")])
    doc.add_paragraph("{%p if penalty_totals %}")
    p = doc.add_paragraph()
    p.add_run(w["claim"] + w["colon"])
    p.add_run(f"{{% if penalty_totals.claim_total is none %}}{w['claim_missing']}{{% else %}}"
              "{{ penalty_totals.claim_total|money }}{% endif %}").bold = True
    doc.add_paragraph("{%p endif %}")
    _optional_table(doc, "attachments", w["documents"], "att in attachments", [
        Col(w["document"], "{{ att.description }}", 13.0), Col(w["payment_date"], "{{ att.date|date }}", 4.0)])
    _optional_list(doc, "securities", w["securities"], "sec in securities", "{{ sec }}")


def _claim_body(doc, w, c) -> None:
    """The claim per invoice (original currency, rate of the judgment date), its totals, securities."""
    _heading(doc, c["claim"])
    _loop_table(doc, "line in claim_lines", [
        Col(w["invoice"], "{{ line.invoice_id }}", 2.6, total=w["total"]),
        Col(w["due_date"], "{{ line.due_date|date }}", 2.0),
        Col(c["original"], "{{ line.open_original|money_in(line.currency) }}", 2.6, True),
        Col(c["fx_rate"], "{% if line.currency != currency %}{{ line.fx_rate }}{% endif %}", 1.4, True),
        Col(c["principal"], "{{ line.principal|money }}", 2.5, True, "{{ penalty_totals.principal|money }}"),
        Col(w["days_late"], "{{ line.days_late }}", 1.5, True),
        Col(w["interest"], "{{ line.interest|money }}", 2.2, True, "{{ penalty_totals.interest|money }}"),
        Col(w["indemnity"], "{{ line.indemnity|money }}", 2.2, True, "{{ penalty_totals.indemnity|money }}")])
    p = doc.add_paragraph()
    p.add_run(c["total_claim"] + w["colon"])
    p.add_run("{{ penalty_totals.claim_total|money }}").bold = True
    doc.add_paragraph(c["legal"])
    doc.add_paragraph("{%p if insured.insurer %}")
    doc.add_paragraph(c["insured_by"])
    doc.add_paragraph("{%p endif %}")
    _optional_list(doc, "securities", w["securities"], "sec in securities", "{{ sec }}")
    _optional_table(doc, "attachments", w["documents"], "att in attachments", [
        Col(w["document"], "{{ att.description }}", 13.0), Col(w["payment_date"], "{{ att.date|date }}", 4.0)])


def _turnover_body(doc, w) -> None:
    insured = "{% if row.insured %}" + w["insured_yes"] + "{% else %}" + w["insured_no"] + "{% endif %}"
    _loop_table(doc, "row in turnover", [
        Col(w["country_col"], "{{ row.country }}", 2.4, total=w["total"]),
        Col(w["insured_col"], insured, 2.8),
        Col(w["turnover_col"], "{{ row.turnover_excl_vat|money }}", 4.0, True),
        Col(w["turnover_vat_col"], "{{ row.turnover_incl_vat|money }}", 4.0, True),
        Col(w["premium"], "{{ row.premium|money }}", 3.8, True, "{{ turnover_totals.premium|money }}")])
    for label, expr in ((w["insured_turnover"], "{{ turnover_totals.insured_turnover|money }}"),
                        (w["excluded_turnover"], "{{ turnover_totals.excluded_turnover|money }}"),
                        (w["premium"], "{{ turnover_totals.premium|money }}")):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(label + w["colon"])
        p.add_run(expr).bold = True
    doc.add_paragraph()


def _signature(doc, w) -> None:
    """The signatory's name and title (Policy sheet), else the company's name, and room to sign."""
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(18)
    p.paragraph_format.left_indent = Cm(9.5)
    p.add_run("{% if insured.signatory %}{{ insured.signatory }}{% else %}{{ insured.name }}{% endif %}").bold = True
    p.add_run("{% if insured.signatory_title %}\n{{ insured.signatory_title }}{% endif %}")
    p.add_run(f"\n{w['signature']}")


def _footer(doc, w) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(f"{{{{ insured.policy_number }}}} — {{{{ declaration.reference }}}} — {w['page']} ")
    run.font.size = Pt(8)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")  # 8 pt, like the text before it
    props.append(size)
    inner.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    p._p.append(field)


# --- building blocks ---------------------------------------------------------------------

def _heading(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(11.5)
    run.font.color.rgb = RGBColor.from_string(ACCENT)


def _optional_table(doc, name: str, title: str, loop: str, cols: list[Col]) -> None:
    doc.add_paragraph(f"{{%p if {name} %}}")
    _heading(doc, title)
    _loop_table(doc, loop, cols)
    doc.add_paragraph("{%p endif %}")


def _optional_text(doc, name: str, title: str, text: str) -> None:
    doc.add_paragraph(f"{{%p if {name} %}}")
    _heading(doc, title)
    doc.add_paragraph(text)
    doc.add_paragraph("{%p endif %}")


def _optional_list(doc, name: str, title: str, loop: str, item: str) -> None:
    doc.add_paragraph(f"{{%p if {name} %}}")
    _heading(doc, title)
    doc.add_paragraph(f"{{%p for {loop} %}}")
    doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _loop_table(doc, loop: str, cols: list[Col]) -> None:
    """Header row, one row per item (docxtpl `{%tr for %}`), and a total row when any column has one."""
    with_total = any(c.total for c in cols)
    table = _table(doc, 4 + with_total, [Cm(c.width) for c in cols])
    header, start, body, end = table.rows[:4]
    _repeat_header(header)
    for cell, col in zip(header.cells, cols):
        _cell_text(cell, col.header, bold=True, right=col.right, color="FFFFFF")
        _shade(cell, ACCENT)
    _cell_text(start.cells[0], f"{{%tr for {loop} %}}")
    for cell, col in zip(body.cells, cols):
        _cell_text(cell, col.cell, right=col.right)
    _cell_text(end.cells[0], "{%tr endfor %}")
    if with_total:
        for cell, col in zip(table.rows[4].cells, cols):
            _cell_text(cell, col.total, bold=True, right=col.right)
            _shade(cell, "EAF1F8")
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _table(doc, rows: int, widths: list) -> object:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = width  # the cells, which Word reads
    return table


def _cell_text(cell, text: str, bold: bool = False, right: bool = False, color: str | None = None) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(9)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    """Repeat the header row on every page of a long invoice table."""
    flag = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(flag)


def _new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "credit-addin", "credit-addin"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    return doc


# --- writing -----------------------------------------------------------------------------

def docx_bytes(doc: Document) -> bytes:
    """The document as .docx bytes with fixed zip dates, so the same layout gives the same file."""
    # python-docx's stock stylesWithEffects part no longer matches our styles; Word would
    # repair the file, so it is left out (Word rebuilds it when the user saves).
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rel_id]
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            dst.writestr(zipfile.ZipInfo(name, ZIP_DATE), src.read(name), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_templates(directory: Path | None = None, kinds=KINDS, builder=None) -> list[Path]:
    """Write every template (kinds x languages) into `directory` (default addin/letters/docx);
    `builder(kind, language)` makes one document (default: this module's `build`)."""
    directory = directory or TEMPLATE_DIR
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in kinds:
        for language in LANGUAGES:
            path = template_path(kind, language, directory)
            path.write_bytes(docx_bytes((builder or build)(kind, language)))
            paths.append(path)
    return paths
