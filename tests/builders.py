"""Small builders of typed tables (as addin.workbook.read produces them) for domain tests."""
from __future__ import annotations

import pandas as pd

from addin.workbook.read import empty_table


def table(sheet: str, rows: list[dict]) -> pd.DataFrame:
    """A typed table of `sheet` with the given rows; unspecified columns blank, `_row` from 2."""
    frame = empty_table(sheet)
    built = pd.DataFrame(rows)
    out = pd.DataFrame(index=range(len(rows)))
    for col in frame.columns.drop("_row"):
        if col in built:
            values = built[col]
            out[col] = pd.to_datetime(values) if frame[col].dtype.kind == "M" else values
        else:
            out[col] = pd.Series([None] * len(rows), dtype=frame[col].dtype) if frame[col].dtype != bool \
                else False
    out["_row"] = range(2, 2 + len(rows))
    return out


def invoice(invoice_id, debtor_id, invoice_date, due_date, amount, **extra) -> dict:
    return dict(invoice_id=invoice_id, debtor_id=debtor_id, invoice_date=invoice_date, due_date=due_date,
                amount=float(amount), **extra)


def payment(payment_id, debtor_id, date, amount, invoice_id=None) -> dict:
    return dict(payment_id=payment_id, debtor_id=debtor_id, date=date, amount=float(amount), invoice_id=invoice_id)


def assert_sheets_equal(left: dict, right: dict, names=None, **options) -> None:
    """Result sheets equal, sheet by sheet; the Dashboard block by block."""
    import pandas as pd
    assert list(left) == list(right)
    for name in names or left:
        if name == "Dashboard":
            assert list(left[name]) == list(right[name])
            for block in left[name]:
                pd.testing.assert_frame_equal(left[name][block], right[name][block], obj=f"Dashboard {block}", **options)
        else:
            pd.testing.assert_frame_equal(left[name], right[name], obj=name, **options)
