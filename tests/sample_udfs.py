"""Two worksheet functions for the .xlam build tests (tests/test_xlam.py): the wrapper generation
runs on them, whatever addin/excel/udfs.py holds. Not part of the add-in."""
import xlwings as xw


@xw.func(category="Credit insurance")
@xw.arg("amount", doc="Open balance of the invoice")
@xw.arg("days", doc="Days late")
@xw.arg("rate", doc="Yearly rate (default 0.12)")
def CREDIT_SAMPLE_INTEREST(amount, days, rate=0.12):
    """Simple late interest: amount x rate x days / 365."""
    return amount * rate * days / 365


@xw.func(category="Credit insurance")
@xw.arg("values", ndim=2, doc="A table of amounts")
@xw.ret(expand="table")
def CREDIT_SAMPLE_TOTALS(values):
    """Row totals of a table, one per row (spills)."""
    return [[sum(v or 0 for v in row)] for row in values]
