"""Where a part the reader refused goes wrong: the sheet's cell and the problem, in one line.

fastexcel reports a broken sheet with several lines of parser text and no cell. When it fails,
the part is read again with lxml, following the cells, to name the first one at fault: the
XML breaks there (an undefined entity such as `&foo;`, a cut tag), or a number cell holds text
(`<v>0x10</v>`).
"""
from __future__ import annotations

from lxml import etree

from addin.workbook.messages import say
from addin.workbook.safety import Package, inflated


class PartStream:
    """A file-like view of a part as it inflates, for lxml's iterparse."""

    def __init__(self, chunks):
        self.chunks, self.rest = iter(chunks), b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.rest) < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.rest += chunk
        size = len(self.rest) if size < 0 else size
        data, self.rest = self.rest[:size], self.rest[size:]
        return data


def first_problem(package: Package, sheet: str | None = None) -> tuple[str | None, str | None]:
    """(cell, problem) of the first fault in the sheet (or, without a sheet, in the parts read
    when the workbook opens); (None, None) when lxml finds nothing wrong."""
    try:
        parts = [package.sheet_parts().get(sheet)] if sheet else package.opening_parts()
    except Exception:  # the workbook part itself is broken: say so below with the reader's text
        return None, None
    for part in filter(None, parts):
        cell, problem = _first_in_part(package, part)
        if problem:
            return cell, problem if sheet else f"{part}: {problem}"
    return None, None


def _first_in_part(package: Package, part: str) -> tuple[str | None, str | None]:
    cell = None
    stream = PartStream(inflated(package.path, package.infos[part]))
    try:
        for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                              huge_tree=True, no_network=True):
            if etree.QName(element).localname != "c":
                continue
            if event == "start":
                cell = element.get("r", cell)
                continue
            value = next((child.text for child in element if etree.QName(child).localname == "v"), None)
            if element.get("t", "n") == "n" and value is not None and not _is_number(value):
                return cell, say("file.not_a_number", value=value.strip()[:40])
            element.clear()
    except etree.XMLSyntaxError as exc:
        last = exc.error_log.last_error  # libxml2's own words ("Entity 'foo' not defined"), not lxml's summary
        message, line = (last.message, last.line) if last is not None else (exc.msg, exc.lineno)
        message = " ".join(str(message).split())[:160]
        return cell, say("file.xml_damaged", problem=message, line=line)
    return None, None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
