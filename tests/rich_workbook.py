"""A receivables workbook holding what openpyxl would lose, built by code for the in-place tests:
VBA (the add-in's own vbaProject.bin), a ribbon (customUI), a chart, a pivot table, an image,
text boxes, rich text, data validation, sparklines (an extension list), a Register table with a
totals row and an Actions table.

The ribbon and the pivot table are added at the zip level (XlsxWriter writes neither); the
pivot table is the smallest one Excel accepts: two rows summed by key.
"""
from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import xlsxwriter
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
REGISTER_HEADERS = ["declaration_id", "type", "debtor_id", "period", "status", "sent_date", "reference", "note"]


def png() -> bytes:
    """A 2x2 red PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    pixels = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def vba_project(folder: Path) -> Path:
    """The add-in's own VBA project, as a file XlsxWriter can embed."""
    target = folder / "vbaProject.bin"
    with zipfile.ZipFile(ROOT / "addin" / "excel" / "credit.xlam") as xlam:
        target.write_bytes(xlam.read("xl/vbaProject.bin"))
    return target


def rich_workbook(path: Path, register_rows: int = 1) -> Path:
    """Write the workbook to `path` (.xlsm) and return it."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    wb.add_vba_project(str(vba_project(path.parent)))
    bold_red = wb.add_format({"bold": True, "font_color": "red"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Policy")
    for r, row in enumerate([["Parameter", "Value"], ["as_of", "30/06/2025"], ["language", "en"]]):
        ws.write_row(r, 0, row)
    ws = wb.add_worksheet("Debtors")
    for r, row in enumerate([["debtor_id", "name"], ["D", "Dupont SA"], ["E", "Eiffel SA"]]):
        ws.write_row(r, 0, row)
    ws.write_rich_string("D2", bold_red, "Watch", " this client")             # rich text
    ws.insert_textbox("F2", "Call Mr Dupont on Monday", {"width": 200, "height": 60})
    ws = wb.add_worksheet("Invoices")
    rows = [["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"],
            ["A", "D", "01/02/2025", "01/03/2025", 1000], ["B", "E", "2025-06-01", "2025-07-01", 500]]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    ws.data_validation("B2:B100", {"validate": "list", "source": ["D", "E"]})
    ws.add_sparkline("G2", {"range": "Invoices!E2:E3"})                       # an x14 extension list
    ws.insert_image("H2", "logo.png", {"image_data": io.BytesIO(png())})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Invoices!$E$2:$E$3", "categories": "=Invoices!$A$2:$A$3"})
    ws.insert_chart("H8", chart)
    ws = wb.add_worksheet("Register")
    existing = [["overdue_notice:E:2025-01-01", "overdue_notice", "E", None, "sent", datetime(2025, 1, 5), "R-1", None]]
    data = (existing * register_rows)[:register_rows]
    ws.add_table(0, 0, len(data) + 1, len(REGISTER_HEADERS) - 1, {
        "name": "Register", "data": data, "total_row": True,
        "columns": [{"header": "declaration_id", "total_string": "Total"}, {"header": "type"},
                    {"header": "debtor_id", "total_function": "count"}, {"header": "period"}, {"header": "status"},
                    {"header": "sent_date", "format": date}, {"header": "reference"}, {"header": "note"}]})
    ws.write("A6", "Notes below the table")
    ws = wb.add_worksheet("Data")
    for r, row in enumerate([["k", "v"], ["a", 1], ["b", 2]]):
        ws.write_row(r, 0, row)
    wb.add_worksheet("Pivot")
    wb.close()
    _add_ribbon_and_pivot(path)
    return path


CUSTOM_UI = b"""<?xml version="1.0" encoding="UTF-8"?>
<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>
<tab id="creditTab" label="Credit"><group id="g1" label="Run"><button id="b1" label="Run" onAction="Run_Click"/>
</group></tab></tabs></ribbon></customUI>"""
PIVOT_CACHE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" r:id="rId1" refreshOnLoad="1" createdVersion="6"
 refreshedVersion="6" minRefreshableVersion="3" recordCount="2"><cacheSource type="worksheet">
<worksheetSource ref="A1:B3" sheet="Data"/></cacheSource><cacheFields count="2"><cacheField name="k" numFmtId="0">
<sharedItems count="2"><s v="a"/><s v="b"/></sharedItems></cacheField><cacheField name="v" numFmtId="0">
<sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="1"
 maxValue="2"/></cacheField></cacheFields></pivotCacheDefinition>""".encode()
PIVOT_RECORDS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="{MAIN}" count="2"><r><x v="0"/><n v="1"/></r><r><x v="1"/><n v="2"/></r>
</pivotCacheRecords>""".encode()
PIVOT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="{MAIN}" name="PivotTable1" cacheId="7" applyNumberFormats="0" applyBorderFormats="0"
 applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1"
 dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" indent="0" outline="1"
 outlineData="1"><location ref="A3:B6" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>
<pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/>
<item t="default"/></items></pivotField><pivotField dataField="1" showAll="0"/></pivotFields>
<rowFields count="1"><field x="0"/></rowFields><rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i>
</rowItems><colItems count="1"><i/></colItems><dataFields count="1"><dataField name="Sum of v" fld="1" baseField="0"
 baseItem="0"/></dataFields></pivotTableDefinition>""".encode()


def _rels(*entries: tuple[str, str, str]) -> bytes:
    root = etree.Element(f"{{{RELS}}}Relationships", nsmap={None: RELS})
    for rid, kind, target in entries:
        etree.SubElement(root, f"{{{RELS}}}Relationship", Id=rid, Type=kind, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_ribbon_and_pivot(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root_rels = etree.fromstring(parts["_rels/.rels"])
    etree.SubElement(root_rels, f"{{{RELS}}}Relationship", Id="rIdRibbon", Target="customUI/customUI14.xml",
                     Type="http://schemas.microsoft.com/office/2007/relationships/ui/extensibility")
    parts["_rels/.rels"] = etree.tostring(root_rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["customUI/customUI14.xml"] = CUSTOM_UI
    book = etree.fromstring(parts["xl/workbook.xml"])
    caches = etree.Element(f"{{{MAIN}}}pivotCaches")
    etree.SubElement(caches, f"{{{MAIN}}}pivotCache", cacheId="7", attrib={f"{{{R}}}id": "rIdPivotCache"})
    book.find(f"{{{MAIN}}}calcPr").addnext(caches)
    parts["xl/workbook.xml"] = etree.tostring(book, xml_declaration=True, encoding="UTF-8", standalone=True)
    book_rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    etree.SubElement(book_rels, f"{{{RELS}}}Relationship", Id="rIdPivotCache", Target="pivotCache/pivotCacheDefinition1.xml",
                     Type=R + "/pivotCacheDefinition")
    parts["xl/_rels/workbook.xml.rels"] = etree.tostring(book_rels, xml_declaration=True, encoding="UTF-8",
                                                         standalone=True)
    pivot_sheet = _sheet_part(parts, "Pivot")
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = PIVOT_CACHE
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = _rels(
        ("rId1", R + "/pivotCacheRecords", "pivotCacheRecords1.xml"))
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = PIVOT_RECORDS
    parts["xl/pivotTables/pivotTable1.xml"] = PIVOT_TABLE
    parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] = _rels(
        ("rId1", R + "/pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml"))
    folder, name = pivot_sheet.rsplit("/", 1)
    parts[f"{folder}/_rels/{name}.rels"] = _rels(("rId1", R + "/pivotTable", "../pivotTables/pivotTable1.xml"))
    types = etree.fromstring(parts["[Content_Types].xml"])
    for part, kind in (("/xl/pivotCache/pivotCacheDefinition1.xml", "pivotCacheDefinition+xml"),
                       ("/xl/pivotCache/pivotCacheRecords1.xml", "pivotCacheRecords+xml"),
                       ("/xl/pivotTables/pivotTable1.xml", "pivotTable+xml")):
        etree.SubElement(types, f"{{{TYPES}}}Override", PartName=part, ContentType=SPREADSHEET + kind)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    shutil.move(tmp, path)


def _sheet_part(parts: dict[str, bytes], name: str) -> str:
    book = etree.fromstring(parts["xl/workbook.xml"])
    rid = next(s.get(f"{{{R}}}id") for s in book.iter(f"{{{MAIN}}}sheet") if s.get("name") == name)
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    return "xl/" + next(r.get("Target") for r in rels if r.get("Id") == rid)
