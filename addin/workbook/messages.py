"""Messages for refusals said before the Policy sheet is read (its `language` is not known yet).

Their words are in the catalogue (functions/texts.py), like every other text. They follow the
language of the user's system: French when the locale is French (`LANG`, `LC_ALL` or
`LC_MESSAGES` starting with `fr`, or a Windows locale named French), English otherwise. Once the
Policy is read, its `language` decides (pass it as `language`).

>>> say("file.not_found", "fr", path="ar.xlsx")
'ar.xlsx : fichier introuvable'
"""
from __future__ import annotations

import locale
import os

from functions.texts import text


def system_language() -> str:
    """'fr' when the user's locale is French, else 'en'."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    name = (locale.getlocale()[0] or "").lower()  # Windows: 'French_France'; elsewhere 'fr_FR'
    return "fr" if name.startswith("fr") else "en"


def say(key: str, language: str | None = None, **fields) -> str:
    """The catalogue's words for `key` in `language`, else in the system's language."""
    return text(key, language or system_language(), **fields)
