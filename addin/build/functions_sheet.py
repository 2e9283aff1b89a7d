"""The demo's `Functions` sheet: every worksheet function written as a formula on the demo's
own tables, so a user sees them work as soon as the add-in is loaded (Windows Excel 365).

Array functions are dynamic-array formulas (they spill); scalar ones sit in one cell. The as-of
date is the Policy table's `as_of`, through the workbook name `AsOf`. Headless tools cannot
evaluate add-in functions: LibreOffice shows #NAME? here, which is expected.
"""
from __future__ import annotations

AS_OF_FORMULA = '=INDEX(Policy[Value],MATCH("as_of",Policy[Parameter],0))'
T = "{0}[#All]".format

# (function, formula arguments, what it shows); scalar functions first
SCALARS = (
    ("CREDIT_NOTIFY_BY", 'DATE(2026,7,31),Policy[#All]', "last day to notify an invoice due 31/07/2026"),
    ("CREDIT_LATE_INTEREST", "10000,DATE(2025,5,15),DATE(2025,8,15)", "French late interest: 318.85"),
    ("CREDIT_RECOMMENDED_LIMIT", '365000,60,100000,"B",1.2', "min(needs 72,000, 15% of equity) = 15,000"),
    ("CREDIT_PREMIUM", "1000000,0.0025,3000", "rate x insured turnover, minimum 3,000"),
    ("CREDIT_PROOF_OF_CLAIM_BY", "DATE(2025,12,31)", "proof of claim 2 months after the judgment"),
    ("CREDIT_FX_CONVERT", f'1000,"USD",AsOf,{T("FX")},"EUR"', "1,000 USD in EUR at the as-of rate"),
    ("CREDIT_LEGAL_DUE_BY", "DATE(2026,2,15),Policy[#All]", "latest lawful due date of an invoice of 15/02/2026"),
    ("CREDIT_MAX_LIABILITY_HEADROOM", f'{T("Claims")},Policy[#All],AsOf', "what the insurer may still pay this year"),
    ("CREDIT_CLAIM_INDEMNITY", f'"C018",{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Limits")},{T("Claims")},'
                               f'{T("Register")},Policy[#All],AsOf', "indemnity expected on C018's claim"),
    ("CREDIT_SCORE", f'"C001",{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Financials")},{T("Grades")},'
                     f'{T("Limits")},Policy[#All],AsOf', "score of client C001"),
)
ARRAYS = (
    ("CREDIT_AGING", f'{T("Invoices")},{T("Payments")},{T("Debtors")},AsOf', "aged balance per client"),
    ("CREDIT_EXPOSURE", f'{T("Invoices")},{T("Payments")},{T("Debtors")},{T("Orders")},AsOf', "exposure per client"),
    ("CREDIT_COVER", f'{T("Invoices")},{T("Limits")},{T("Debtors")},{T("Payments")},{T("Orders")},Policy[#All],AsOf',
     "exposure against the insurer's cover"),
    ("CREDIT_BREACHES", f'{T("Invoices")},{T("Limits")},{T("Debtors")},{T("Payments")},{T("Orders")},'
                        f'{T("Register")},Policy[#All],AsOf', "what voids the cover"),
    ("CREDIT_SCORES", f'{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Financials")},{T("Grades")},'
                      f'{T("Limits")},Policy[#All],AsOf', "scores and grades"),
    ("CREDIT_DEADLINES", f'{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Register")},Policy[#All],AsOf,'
                         f'{T("Extensions")}', "insurer deadlines per overdue invoice"),
    ("CREDIT_NEXT_ACTION", f'{T("Invoices")},{T("Actions")},{T("Debtors")},{T("Payments")},{T("Dunningplan")},'
                           "Policy[#All],AsOf", "next reminder per client"),
    ("CREDIT_EXPECTED_LOSS", f'{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Limits")},{T("Grades")},'
                             f'{T("Financials")},{T("PD")},Policy[#All],AsOf', "expected loss by grade"),
    ("CREDIT_CONCENTRATION", "Exposure_demo,10", "top-10 share and Herfindahl index"),
    ("CREDIT_GROUPS", f'{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Limits")},{T("Orders")},{T("FX")},'
                      "Policy[#All],AsOf", "exposure and cover per group"),
    ("CREDIT_INSOLVENCY", f'{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Limits")},{T("Orders")},{T("FX")},'
                          "Policy[#All],AsOf", "insolvency proceedings: notice and proof of claim"),
    ("CREDIT_INDEMNITIES", f'{T("Invoices")},{T("Debtors")},{T("Payments")},{T("Limits")},{T("Claims")},{T("Register")},'
                           "Policy[#All],AsOf", "claims: expected indemnity, recoveries, VAT"),
    ("CREDIT_LEGAL_TERMS", f'{T("Invoices")},{T("Debtors")},{T("Payments")},Policy[#All],AsOf',
     "invoices beyond the legal payment terms"),
    ("CREDIT_IDLE_LIMITS", f'{T("Invoices")},{T("Limits")},{T("Debtors")},{T("Payments")},{T("Orders")},'
                           "Policy[#All],AsOf", "idle limits and the fee saved"),
)


def write_functions_sheet(wb, fmt, debtors: int) -> None:
    """The sheet, with each array function in its own block tall enough for one row per client."""
    ws = wb.add_worksheet("Functions")
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 40, 14)
    ws.write_string(0, 0, "Worksheet functions of the Credit insurance add-in (Windows Excel 365, add-in loaded)",
                    fmt.title)
    ws.write_string(1, 0, "as of (Policy as_of)")
    ws.write_formula(1, 1, AS_OF_FORMULA, fmt.date)
    wb.define_name("AsOf", "=Functions!$B$2")
    # CREDIT_CONCENTRATION takes a plain range of exposures: the first spilled column of CREDIT_EXPOSURE.
    row = 3
    for name, args, what in SCALARS:
        ws.write_string(row, 0, name, fmt.bold)
        ws.write_formula(row, 1, f"={name}({args})")
        ws.write_string(row, 2, what)
        row += 1
    row += 1
    for name, args, what in ARRAYS:
        ws.write_string(row, 0, f"{name}: {what}", fmt.bold)
        if name == "CREDIT_EXPOSURE":
            wb.define_name("Exposure_demo", f"=Functions!$B${row + 3}:$B${row + 2 + debtors}")
        ws.write_dynamic_array_formula(row + 1, 0, row + 1, 0, f"={name}({args})")
        row += debtors + 4
