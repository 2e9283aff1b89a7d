"""xlwings' own Windows code, run on Linux with only the Windows layer stubbed.

`windows_xlwings()` imports xlwings._xlwindows, xlwings.udfs and xlwings.com_server as shipped,
with stand-ins for pywin32 (pythoncom, pywintypes, win32api, win32con, win32event, win32gui,
win32process, win32timezone, win32com.client, win32com.server.*) and for ctypes' Windows DLL
loaders (windll, oledll, PyDLL), and registers the Windows engine, so a test reaches a worksheet
function exactly as Excel does: `XLPython().CallUDF(module, name, args, workbook, caller)` ->
`call_udf` -> xlwings' converters -> the function -> xlwings' return conversion.

The values are those pywin32 hands over from Excel (`com_range`, `com_datetime`, ERRORS, MISSING):
Currency/Accounting cells as Decimal, dates as timezone-aware pywintypes datetimes, error cells
as COM error integers, an omitted argument as DISP_E_PARAMNOTFOUND, a range as a COM Range whose
Value is a tuple of row tuples (a scalar for one cell), empty cells None.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import sys
import types
from contextlib import contextmanager

# Excel's error values as COM integers (xlwings._xlwindows.cell_errors, [MS-OAUT] / Excel's xlErr*)
ERRORS = {"#DIV/0!": -2146826281, "#N/A": -2146826246, "#NAME?": -2146826259, "#NULL!": -2146826288,
          "#NUM!": -2146826252, "#REF!": -2146826265, "#VALUE!": -2146826273}
MISSING = -2147352572          # DISP_E_PARAMNOTFOUND: VBA's Missing for an omitted Optional argument
RANGE_IID = "{00020846-0000-0000-C000-000000000046}"   # Excel's Range interface
PYWIN32 = ("pythoncom", "pywintypes", "win32api", "win32con", "win32event", "win32gui", "win32process",
           "win32timezone", "win32com", "win32com.client", "win32com.server", "win32com.server.dispatcher",
           "win32com.server.policy", "win32com.server.util", "win32com.server.exception")
XLWINGS_WINDOWS = ("xlwings._xlwindows", "xlwings._win32patch", "xlwings.udfs", "xlwings.com_server")


class TimeType(dt.datetime):
    """pywintypes.datetime: a datetime subclass; from COM it carries a UTC tzinfo."""


class PyIDispatch:
    """pythoncom's IDispatch type: com_server's FromVariant dispatches these, not our fakes."""


def com_datetime(year, month, day) -> TimeType:
    """A date cell as pywin32 gives it: pywintypes.datetime in UTC."""
    return TimeType(year, month, day, tzinfo=dt.timezone.utc)


class _Anything:
    """A Windows DLL or function xlwings touches at import time and never calls in these tests."""

    restype = argtypes = None

    def __getattr__(self, name):
        return _Anything()

    def __call__(self, *args, **kwargs):
        return 0


def _modules() -> dict[str, types.ModuleType]:
    m = {name: types.ModuleType(name) for name in PYWIN32}
    m["pywintypes"].TimeType, m["pywintypes"].datetime = TimeType, TimeType
    m["pywintypes"].com_error = type("com_error", (Exception,), {})
    m["pywintypes"].error = type("error", (Exception,), {})
    m["pywintypes"].IID = str
    m["pythoncom"].__file__ = "pythoncom.dll"
    m["pythoncom"].CoInitialize = lambda: None
    m["pythoncom"].IID_IDispatch, m["pythoncom"].IID_IEnumVARIANT = "IID_IDispatch", "IID_IEnumVARIANT"
    m["pythoncom"].TypeIIDs = {"IID_IDispatch": PyIDispatch}
    m["win32process"].GetWindowThreadProcessId = lambda hwnd: (1, 4242)   # (thread, Excel's pid)
    m["win32timezone"].TimeZoneInfo = type("TimeZoneInfo", (), {"utc": staticmethod(lambda: dt.timezone.utc)})
    client = m["win32com.client"]
    for name in ("CDispatch", "CoClassBaseClass", "DispatchBaseClass"):
        setattr(client, name, type(name, (), {}))
    client.Dispatch = client.DispatchEx = lambda obj, *args, **kwargs: obj
    m["win32com"].client, m["win32com"].server = client, m["win32com.server"]

    def unwrap(obj):
        raise TypeError("not a wrapped Python object")        # pywin32's answer for a plain COM value
    m["win32com.server.util"].unwrap, m["win32com.server.util"].wrap = unwrap, lambda obj, *a, **k: obj
    m["win32com.server.exception"].COMException = type("COMException", (Exception,), {})
    for sub in ("dispatcher", "policy", "util", "exception"):
        setattr(m["win32com.server"], sub, m[f"win32com.server.{sub}"])
    return m


@contextmanager
def windows_xlwings(udf_modules: tuple[str, ...] = ("addin.excel.udfs",)):
    """xlwings' Windows modules imported under the stand-ins, as a namespace (udfs, com_server,
    xlwindows), with xlwings' Windows decorators in place (`@xw.func` records `__xlfunc__`, as on
    Windows) while `udf_modules` are imported afresh by call_udf. Everything is put back
    afterwards: modules, decorators, the Windows engine."""
    import xlwings
    from xlwings.main import Engine

    touched = [*PYWIN32, *XLWINGS_WINDOWS, *udf_modules]
    parents = {name: (sys.modules.get(name.rpartition(".")[0]), name.rpartition(".")[2]) for name in udf_modules}
    before = {name: getattr(parent, child, None) for name, (parent, child) in parents.items()}
    decorators = {name: getattr(xlwings, name) for name in ("func", "arg", "ret", "sub", "script")}
    saved = {name: sys.modules.pop(name) for name in touched if name in sys.modules}
    saved_ctypes = {name: getattr(ctypes, name, None) for name in ("windll", "oledll", "PyDLL")}
    sys.modules.update(_modules())
    ctypes.windll, ctypes.oledll, ctypes.PyDLL = _Anything(), _Anything(), lambda path: _Anything()
    engine, previous = None, xlwings.engines.engines_by_name.get("excel")
    try:
        import xlwings._xlwindows as xlwindows
        import xlwings.com_server as com_server
        import xlwings.udfs as udfs

        engine = Engine(impl=xlwindows.engine)
        xlwings.engines.add(engine)
        xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
        xlwings.sub = xlwings.script = udfs.xlsub
        yield types.SimpleNamespace(udfs=udfs, com_server=com_server, xlwindows=xlwindows)
    finally:
        if engine is not None:
            xlwings.engines.engines.remove(engine)
            xlwings.engines.engines_by_name.pop("excel", None)
            if previous is not None:                  # an enclosing windows_xlwings()
                xlwings.engines.engines_by_name["excel"] = previous
        for name, decorator in decorators.items():
            setattr(xlwings, name, decorator)
        for name in touched:
            sys.modules.pop(name, None)
        for name, (parent, child) in parents.items():
            if parent is not None:
                parent.__dict__.pop(child, None) if before[name] is None else setattr(parent, child, before[name])
        for name in ("_xlwindows", "udfs", "com_server", "_win32patch"):
            xlwings.__dict__.pop(name, None)
        sys.modules.update(saved)
        for name, value in saved_ctypes.items():
            if value is None:
                ctypes.__dict__.pop(name, None)
            else:
                setattr(ctypes, name, value)


# ---- COM objects as Excel passes them ---------------------------------------------------------

class _TypeInfo:
    def __init__(self, iid):
        self.iid = iid

    def GetTypeInfo(self):  # noqa: N802 - COM's names
        return self

    def GetTypeAttr(self):  # noqa: N802
        return self


class ComApp:
    """Application: what the converters ask of it (the engine, through the sheet and book)."""

    Name, Hwnd = "Microsoft Excel", 1


class ComBook:
    def __init__(self, name="receivables.xlsx"):
        self.Name, self.Application = name, ComApp()
        self.Worksheets = ComSheets()


class ComSheets(list):
    @property
    def Count(self):  # noqa: N802
        return len(self)

    def __call__(self, i):
        return self[i - 1]


class ComSheet:
    def __init__(self, book, name="Invoices"):
        self.Name, self.Parent = name, book


class ComRange:
    """An Excel Range as pywin32 hands it to Python: `.Value` is a tuple of row tuples, or the
    value itself for one cell."""

    def __init__(self, rows, sheet=None, row=1, column=1):
        self._rows = tuple(tuple(r) for r in rows)
        self._oleobj_ = _TypeInfo(RANGE_IID)
        self.Worksheet = sheet or ComSheet(ComBook())
        self.Row, self.Column = row, column

    @property
    def Value(self):  # noqa: N802
        if len(self._rows) == 1 and len(self._rows[0]) == 1:
            return self._rows[0][0]
        return self._rows

    @property
    def Rows(self):  # noqa: N802
        return types.SimpleNamespace(Count=len(self._rows))

    @property
    def Columns(self):  # noqa: N802
        return types.SimpleNamespace(Count=len(self._rows[0]) if self._rows else 0)


def com_range(rows) -> ComRange:
    return ComRange(rows)
