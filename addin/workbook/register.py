"""Mark a declaration as sent: append one row to the workbook's `Register` sheet.

The Register and Actions are the only input sheets the add-in writes to, and only by appending
(`append_rows`; reminders marked sent go to Actions, see addin.workbook.actions). Headless the
workbook is edited at the package level (addin.workbook.package): only that sheet's rows, its
table's range, the styles a date needs and, when the sheet is new, the sheet list change;
every other part is copied byte for byte. The workbook's lock is held, a workbook open in
Excel or LibreOffice is refused, a timestamped backup is kept and the file is replaced in one
rename.

New rows go right after the last row holding a value in the sheet's table (into its blank
rows first), above a totals row, which moves down with what lies below it. Each new cell takes
the format of the cell above it; a date gets a date format when that one shows none.

Declaration ids say what they declare: `overdue_notice:C013:2026-08-15`,
`collection_request:C016:2026-07-03`, `insolvency_notice:C019:2026-10-22`, `turnover:2026-Q3`.
"""
from __future__ import annotations

import numbers
import re
from datetime import date, datetime
from pathlib import Path

from lxml import etree

from functions.declaration_kinds import parse_declaration_id

from addin.workbook.book import atomic_write
from addin.workbook.contract import INPUT_SHEETS
from addin.workbook.inplace import fresh_name
from addin.workbook.locks import one_writer
from addin.workbook.messages import say
from addin.workbook.outputs import backup
from addin.workbook.package import (MAIN, R, RELS, SHEET_REL, TYPES, parse, relationships, rels_part, relative,
                                    resolve, rewrite, serialize, workbook_part, workbook_root)
from addin.workbook.read import ContractError, match_headers
from addin.workbook.safety import Package, column_letters, column_number
from addin.workbook.sheetdata import xml_safe
from addin.workbook.styles import date_format, is_date_format

REGISTER = "Register"
TABLE_REL = R + "/table"
STYLES_REL = R + "/styles"
CALC_CHAIN_REL = R + "/calcChain"
SHARED_STRINGS_REL = R + "/sharedStrings"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
REF = re.compile(r"([A-Z]+)([0-9]+)")


def parse_id(declaration_id: str) -> dict:
    """type, debtor_id and period of a declaration id (functions.declaration_kinds); a clear error for anything else."""
    try:
        parts = parse_declaration_id(declaration_id)
    except ValueError:
        raise ContractError(say("file.not_declaration_id", id=declaration_id)) from None
    return {"type": parts["type"], "debtor_id": parts["debtor_id"], "period": parts["period"]}


def mark_sent(path: Path, declaration_id: str, sent: date, reference: str = "", note: str = "",
              now: datetime | None = None) -> Path:
    """Append the Register row; return the backup's path."""
    row = {"declaration_id": declaration_id, **parse_id(declaration_id), "status": "sent",
           "sent_date": datetime(sent.year, sent.month, sent.day), "reference": reference or None, "note": note or None}
    return append_rows(path, REGISTER, [row], now=now)


def append_rows(path: Path, sheet: str, rows: list[dict], now: datetime | None = None) -> Path:
    """Append `rows` (contract column -> value) under the headers of `sheet`; return the backup's path."""
    path = Path(path)
    with one_writer(path):
        changes = Append(Package(path), sheet, rows).changes()
        saved = backup(path, now)
        atomic_write(path, lambda tmp: rewrite(path, tmp, changes))
    return saved


def excel_serial(when: datetime) -> float:
    return (when - datetime(1899, 12, 30)).total_seconds() / 86400


def shift_ref(ref: str, from_row: int, by: int) -> str:
    """Cell references in `ref` ("A5:C9 E12") moved down `by` rows from row `from_row` on."""
    return REF.sub(lambda m: m.group(1) + str(int(m.group(2)) + by if int(m.group(2)) >= from_row else int(m.group(2))),
                   ref)


class Append:
    """The package changes appending rows to one input sheet (created when missing)."""

    def __init__(self, package: Package, sheet: str, rows: list[dict]):
        self.package, self.sheet, self.rows = package, sheet, rows
        self.book = workbook_part(package)
        self.root = workbook_root(package)
        self.ns = self.root.nsmap.get(None, MAIN)
        self.rels = parse(package.read(rels_part(self.book)))
        self.out: dict = {}
        self.styles_part = next((resolve(self.book, r.get("Target")) for r in self.rels
                                 if r.get("Type") == STYLES_REL), None)
        self.styles = parse(package.read(self.styles_part)) if self.styles_part and package.has(self.styles_part) else None

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def changes(self) -> dict:
        sheets = self.root.find(self._q("sheets"))
        found = next((s for s in sheets if s.get("name", "").lower() == self.sheet.lower()), None)
        if found is None:
            self._new_sheet(sheets)
        else:
            rid = next(v for k, v in found.attrib.items() if k.endswith("}id"))
            target = next(resolve(self.book, r.get("Target")) for r in self.rels if r.get("Id") == rid)
            self._append(target, found.get("sheetId"))
        if self.styles is not None:
            self.out[self.styles_part] = serialize(self.styles)
        return self.out

    # --- an existing sheet -------------------------------------------------------------------

    def _append(self, part: str, sheet_id: str) -> None:
        root = parse(self.package.read(part))
        data = root.find(self._q("sheetData"))
        table_part, table = self._table(part)
        self.table_part = table_part
        header_row, data_end, totals = self._table_rows(table, data)
        self.header_row = header_row
        headers = self._headers(data, header_row)
        columns = self._columns(headers)
        rows = {int(r.get("r")): r for r in data if r.get("r")}
        last = max([n for n, r in rows.items() if header_row < n <= data_end and _holds_value(r)] + [header_row])
        first, end = last + 1, last + len(self.rows)
        shift = max(end - data_end, 0) if table is not None else 0
        if shift:
            self._shift(root, data, part, sheet_id, data_end + 1, shift)
            rows = {int(r.get("r")): r for r in data if r.get("r")}
        for offset, values in enumerate(self.rows):
            number = first + offset
            self._write_row(data, rows, number, columns, values)
        if table is not None:
            self._grow_table(table_part, table, end + totals if shift else None, max(end, data_end))
        self._dimension(root, end + (totals if shift else 0), max(column_number(c) for c in columns))
        self.out[part] = serialize(root)

    def _table(self, part: str):
        """The sheet's Excel table (its first, as the reader takes the sheet's first table)."""
        for rel in relationships(self.package, part):
            if rel.get("Type") == TABLE_REL and rel.get("TargetMode") != "External":
                table_part = resolve(part, rel.get("Target"))
                if self.package.has(table_part):
                    return table_part, parse(self.package.read(table_part))
        return None, None

    @staticmethod
    def _table_rows(table, data) -> tuple[int, int, int]:
        """(header row, last data row, totals rows) of the table, or of the sheet's range."""
        if table is None:
            numbers = [int(r.get("r")) for r in data if r.get("r")]
            return 1, max(numbers + [1]) + 10**7, 0  # no table: rows go after the last value, nothing moves
        start, end = table.get("ref").split(":")
        first, last = int(REF.match(start).group(2)), int(REF.match(end).group(2))
        header = first if table.get("headerRowCount", "1") != "0" else first - 1
        totals = int(table.get("totalsRowCount", "0") or 0)
        return header, last - totals, totals

    def _headers(self, data, header_row: int) -> dict[str, str]:
        """Column letters -> header text of the header row (shared strings looked up)."""
        row = next((r for r in data if r.get("r") == str(header_row)), None)
        cells = [] if row is None else [c for c in row if etree.QName(c).localname == "c"]
        wanted = {int(_text(c, "v")) for c in cells if c.get("t") == "s" and _text(c, "v").isdigit()}
        shared = self._shared_strings(max(wanted)) if wanted else []
        headers = {}
        for cell in cells:
            letters = REF.match(cell.get("r", "")).group(1) if cell.get("r") else None
            if letters is None:
                continue
            if cell.get("t") == "s":
                index = int(_text(cell, "v") or -1)
                text = shared[index] if 0 <= index < len(shared) else ""
            elif cell.get("t") == "inlineStr":
                text = "".join(cell.find(self._q("is")).itertext()) if cell.find(self._q("is")) is not None else ""
            else:
                text = _text(cell, "v")
            if text.strip():
                headers[letters] = text.strip()
        return headers

    def _shared_strings(self, last: int) -> list[str]:
        """The shared strings up to index `last`, read as they inflate (a big table stops early)."""
        part = next((resolve(self.book, r.get("Target")) for r in self.rels if r.get("Type") == SHARED_STRINGS_REL), None)
        if part is None or not self.package.has(part):
            return []
        from addin.workbook.diagnose import PartStream
        strings = []
        for _, item in etree.iterparse(PartStream(self.package.stream(part)), events=("end",), tag=self._q("si"),
                                       resolve_entities=False, huge_tree=True, no_network=True):
            strings.append("".join(t.text or "" for t in item.iter(self._q("t"))
                                   if etree.QName(t.getparent()).localname != "rPh"))
            item.clear()
            if len(strings) > last:
                break
        return strings

    def _columns(self, headers: dict[str, str]) -> dict[str, str]:
        """Column letters -> contract column, every required column present."""
        columns = INPUT_SHEETS[self.sheet]
        mapping = match_headers(list(headers.values()), columns)
        missing = [c.name for c in columns if c.required and c.name not in mapping.values()]
        if missing:
            raise ContractError(say("file.no_column", name=self.package.name, sheet=self.sheet, columns=", ".join(missing)))
        return {letters: mapping[text] for letters, text in headers.items() if text in mapping}

    def _write_row(self, data, rows: dict, number: int, columns: dict[str, str], values: dict) -> None:
        above = rows.get(number - 1) if number - 1 > getattr(self, "header_row", 1) else None  # not the header's look
        row = rows.get(number)
        if row is None:
            row = etree.Element(self._q("row"), r=str(number))
            later = [r for n, r in rows.items() if n > number]
            (min(later, key=lambda r: int(r.get("r"))).addprevious(row) if later else data.append(row))
            rows[number] = row
        for letters in sorted(columns, key=column_number):
            value = values.get(columns[letters])
            if value is None or (isinstance(value, float) and value != value):
                continue
            ref = f"{letters}{number}"
            cell = next((c for c in row if c.get("r") == ref), None)
            style = cell.get("s") if cell is not None else _style_at(above, letters)
            if cell is None:
                cell = etree.Element(self._q("c"), r=ref)
                later = [c for c in row if c.get("r") and column_number(REF.match(c.get("r")).group(1)) > column_number(letters)]
                later[0].addprevious(cell) if later else row.append(cell)
            self._fill(cell, value, style)

    def _fill(self, cell, value, style: str | None) -> None:
        for child in list(cell):
            cell.remove(child)
        for attribute in ("t", "cm", "vm"):
            cell.attrib.pop(attribute, None)
        if isinstance(value, (datetime, date)):
            when = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            if self.styles is not None and not is_date_format(self.styles, int(style or 0)):
                style = str(date_format(self.styles, int(style or 0)))
            etree.SubElement(cell, self._q("v")).text = f"{excel_serial(when):.15g}"
        elif isinstance(value, bool):
            cell.set("t", "b")
            etree.SubElement(cell, self._q("v")).text = "1" if value else "0"
        elif isinstance(value, numbers.Real):
            etree.SubElement(cell, self._q("v")).text = repr(float(value)) if not float(value).is_integer() \
                else str(int(value))
        else:  # text, never a formula: an inline string
            cell.set("t", "inlineStr")
            text = etree.SubElement(etree.SubElement(cell, self._q("is")), self._q("t"))
            text.text = excel_text(str(value))
            if text.text != text.text.strip():
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if style is not None:
            cell.set("s", style)

    def _shift(self, root, data, part: str, sheet_id: str, from_row: int, by: int) -> None:
        """Move the rows from `from_row` on (a totals row and what is below it) down `by` rows,
        with the ranges that refer to them (merged cells, formats, validations, links, other tables)."""
        for row in data:
            number = int(row.get("r", "0"))
            if number >= from_row:
                row.set("r", str(number + by))
                for cell in row:
                    if cell.get("r"):
                        cell.set("r", shift_ref(cell.get("r"), from_row, by))
        for element in root.iter():
            for attribute in ("ref", "sqref"):
                if element.get(attribute) and etree.QName(element).localname != "dimension":
                    element.set(attribute, shift_ref(element.get(attribute), from_row, by))
            if etree.QName(element).localname == "sqref" and element.text:  # x14 formats and validations (extLst)
                element.text = shift_ref(element.text, from_row, by)
        for rel in relationships(self.package, part):
            target = resolve(part, rel.get("Target"))
            if rel.get("Type") == TABLE_REL and target != self.table_part and self.package.has(target):
                other = parse(self.package.read(target))
                for element in other.iter():
                    if element.get("ref"):
                        element.set("ref", shift_ref(element.get("ref"), from_row, by))
                self.out[target] = serialize(other)
        self._calc_chain(sheet_id, from_row, by)

    def _calc_chain(self, sheet_id: str, from_row: int, by: int) -> None:
        rel = next((r for r in self.rels if r.get("Type") == CALC_CHAIN_REL), None)
        part = resolve(self.book, rel.get("Target")) if rel is not None else None
        if part is None or not self.package.has(part):
            return
        chain, current = parse(self.package.read(part)), None
        for cell in chain:
            current = cell.get("i", current)
            if current == sheet_id and cell.get("r"):
                cell.set("r", shift_ref(cell.get("r"), from_row, by))
        self.out[part] = serialize(chain)

    def _grow_table(self, part: str, table, new_end: int | None, data_end: int) -> None:
        start, end = table.get("ref").split(":")
        letters = REF.match(end).group(1)
        last = new_end if new_end is not None else max(int(REF.match(end).group(2)), data_end)
        table.set("ref", f"{start}:{letters}{last}")
        for child in table:
            if etree.QName(child).localname == "autoFilter" and child.get("ref"):
                first, _ = child.get("ref").split(":")
                child.set("ref", f"{first}:{REF.match(child.get('ref').split(':')[1]).group(1)}{data_end}")
        self.out[part] = serialize(table)

    def _dimension(self, root, last_row: int, last_column: int) -> None:
        dimension = root.find(self._q("dimension"))
        if dimension is None:
            return
        start, _, end = dimension.get("ref", "A1").partition(":")
        end = end or start
        row = max(int(REF.match(end).group(2)), last_row)
        column = max(column_number(REF.match(end).group(1)), last_column)
        dimension.set("ref", f"{start}:{column_letters(column)}{row}")

    # --- a new sheet -------------------------------------------------------------------------

    def _new_sheet(self, sheets) -> None:
        """The sheet does not exist: add it with the contract's headers and the rows."""
        columns = [c.name for c in INPUT_SHEETS[self.sheet]]
        part = fresh_name("xl/worksheets/sheet1.xml", set(self.package.infos))
        root = etree.Element(self._q("worksheet"), nsmap={None: self.ns, "r": R})
        data = etree.SubElement(root, self._q("sheetData"))
        header = etree.SubElement(data, self._q("row"), r="1")
        for k, name in enumerate(columns, start=1):
            cell = etree.SubElement(header, self._q("c"), r=f"{column_letters(k)}1")
            self._fill(cell, name, None)
        letters = {column_letters(k): name for k, name in enumerate(columns, start=1)}
        rows = {1: header}
        for offset, values in enumerate(self.rows, start=2):
            self._write_row(data, rows, offset, letters, values)
        self.out[part] = serialize(root)
        ids = {r.get("Id") for r in self.rels}
        rid = next(f"rIdCredit{k}" for k in range(1, len(ids) + 2) if f"rIdCredit{k}" not in ids)
        etree.SubElement(self.rels, f"{{{RELS}}}Relationship", Id=rid, Type=SHEET_REL, Target=relative(self.book, part))
        number = max([int(s.get("sheetId", "0")) for s in sheets] + [0]) + 1
        etree.SubElement(sheets, self._q("sheet"), name=self.sheet, sheetId=str(number), attrib={f"{{{R}}}id": rid})
        types = parse(self.package.read("[Content_Types].xml"))
        etree.SubElement(types, f"{{{TYPES}}}Override", PartName="/" + part, ContentType=SHEET_TYPE)
        self.out["[Content_Types].xml"] = serialize(types)
        self.out[self.book] = serialize(self.root)
        self.out[rels_part(self.book)] = serialize(self.rels)


def excel_text(text: str) -> str:
    """Text for a cell: XML-safe, control characters as Excel's _xHHHH_, a literal _xHHHH_ kept as typed."""
    text = re.sub(r"_x([0-9A-Fa-f]{4})_", r"_x005F_x\1_", xml_safe(text)[:32_767])
    return CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _text(cell, name: str) -> str:
    found = next((c for c in cell if etree.QName(c).localname == name), None)
    return (found.text or "") if found is not None else ""


def _holds_value(row) -> bool:
    """Does the row hold a value (not just formatted blank cells)?"""
    for cell in row:
        for child in cell:
            if etree.QName(child).localname in ("v", "f") and (child.text or "").strip():
                return True
            if etree.QName(child).localname == "is" and "".join(child.itertext()).strip():
                return True
    return False


def _style_at(row, letters: str) -> str | None:
    if row is None:
        return None
    cell = next((c for c in row if c.get("r") == f"{letters}{row.get('r')}"), None)
    return cell.get("s") if cell is not None else row.get("s")
