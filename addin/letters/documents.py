"""Draft the documents of a run: one letter per declaration still to send, and one bulk
upload file (CSV and XLSX) per declaration type, into the run's documents folder.
Reminder letters and formal notices (the `Dunning` sheet's lines due now, with a template) are
drafted into the same folder, one per debtor, named after the reminder id: the same reminder
keeps the same file until it is marked sent (functions.dunning on idempotence); all of them are
also put in one document to print, one letter per page (`relances_<as_of>.docx`).

A declaration already in the Register (sent, acknowledged, closed) is not drafted again;
the `document` column of the Declarations sheet gets the path of each letter drafted.
One `Letters` serves the whole run (run.py passes it to both): each template is prepared once,
and no two letters of the run share a file name.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from functions.declarations import letter_data
from functions.dunning import reminder_data
from functions.texts import text

from addin.letters import bulk_file, bulk_rows
from addin.letters.batch import Batch
from addin.letters.render import Letters


def draft_documents(analysis, out_dir: Path, letters: Letters | None = None) -> pd.DataFrame:
    """Write the letters and bulk files; return the Declarations table with `document` filled."""
    letters = letters or Letters(out_dir)
    table = analysis.sheet("Declarations").copy()
    pending = table.index[table["status"] == "draft"]
    if len(pending) == 0:
        return table
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = analysis["letters"]
    language = sources.policy.language
    by_kind: dict[str, list[dict]] = {}
    table["document"] = table["document"].astype(object)
    for i in pending:
        row = table.loc[i]
        data = letter_data(row.to_dict(), sources)
        path = letters.draft(row["type"], data, language)
        table.at[i, "document"] = f"{out_dir.name}/{path.name}"
        by_kind.setdefault(row["type"], []).append(data)
    for kind, datas in by_kind.items():
        bulk_file(kind, bulk_rows(kind, datas), out_dir / f"{kind}_bulk")
    return table


def draft_reminders(analysis, out_dir: Path, letters: Letters | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Write the reminders and formal notices due now, each on its own and all of them in one
    document to print (`relances_<as_of>.docx`, addin.letters.batch); return the Dunning table
    with `document` filled, and the printing batch (none when no letter is due)."""
    letters = letters or Letters(out_dir)
    table = analysis.sheet("Dunning").copy()
    pending = table.index[(table["status"] == "due") & table["template"].notna()]
    table["document"] = table["document"].astype(object)
    documents, batch = [], Batch()
    for row in table.loc[pending].to_dict("records"):  # one conversion, not one Series per row
        data = reminder_data(row, analysis["letters"])
        path = letters.draft(row["template"], data, data["language"], batch)
        documents.append(f"{out_dir.name}/{path.name}")
    if not documents:
        return table, []
    table.loc[pending, "document"] = documents
    language = analysis["letters"].policy.language
    return table, letters.write_batch(batch, text("batch.name", language, date=f"{analysis.as_of:%Y-%m-%d}"))
