"""The add-in's generated VBA checked as Excel compiles it (tests/vba_grammar.py): read back from
the built .xlam by oletools, conditionally compiled for Windows 64-bit, Windows 32-bit and Mac,
parsed with the MS-VBAL grammar of antlr4-vba; no declared name is a VBA reserved word
(tests/data/vba_reserved_words.txt, MS-VBAL 3.3.5.2). LibreOffice accepts all of it either way."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from addin.excel import ribbon, vba, xlam

import vba_grammar
from test_xlam import vba_sources

DATA = Path(__file__).with_name("data")
GENERATED = (xlam.RIBBON_MODULE, xlam.WRAPPERS_MODULE)


def reserved_words() -> set[str]:
    lines = (DATA / "vba_reserved_words.txt").read_text().splitlines()
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


@functools.lru_cache(maxsize=None)
def parsed(source: str) -> vba_grammar.Parsed:
    return vba_grammar.parse(source)


@pytest.fixture(scope="module")
def shipped() -> dict[str, str]:
    return vba_sources(xlam.ADDIN)


@pytest.mark.parametrize("platform", list(vba_grammar.PLATFORMS))
@pytest.mark.parametrize("module", GENERATED)
def test_generated_modules_parse_under_the_ms_vbal_grammar(shipped, module, platform):
    result = parsed(vba_grammar.compiled(shipped[module], platform))
    assert result.errors == [], f"{module} on {platform}: {result.errors[:3]}"


@pytest.mark.parametrize("module", GENERATED)
def test_no_declared_name_is_a_reserved_word(shipped, module):
    names = vba_grammar.declared_names(parsed(vba_grammar.compiled(shipped[module], "Windows 64-bit")).tree)
    assert names                                          # the walk found the declarations
    assert [n for n in names if n.lower() in reserved_words()] == []


def test_every_worksheet_function_and_parameter_is_declared_in_the_wrappers(shipped):
    """The names the reserved-word test looks at are the ones xlwings generated: every function
    and each of its parameters, so a reserved parameter cannot hide from the walk."""
    names = set(vba_grammar.declared_names(parsed(vba_grammar.compiled(shipped[xlam.WRAPPERS_MODULE],
                                                                        "Windows 64-bit")).tree))
    for function, parameters in xlam.SIGNATURE.findall(shipped[xlam.WRAPPERS_MODULE]):
        assert function in names
        assert {p.split()[-1] for p in parameters.split(",") if p.strip()} <= names


def test_the_grammar_rejects_a_reserved_parameter_name():
    """The checker can fail: xlwings' wrapper for a parameter named `currency` (the defect)."""
    source = xlam._crlf(xlam.WRAPPERS_HEADER + "Function CREDIT_FX(amount, currency)\n    CREDIT_FX = amount\n"
                        "End Function\n")
    assert parsed(vba_grammar.compiled(source, "Windows 64-bit")).errors


def test_reserved_list_matches_the_grammar_and_the_build_check():
    """The shipped list (MS-VBAL 3.3.5.2) is the grammar's reserved-identifier rule, token for
    token, and the list the build refuses names from."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4_vba.vbaLexer import vbaLexer
    from antlr4_vba.vbaParser import vbaParser

    parser = vbaParser(CommonTokenStream(vbaLexer(InputStream(""))))
    rule = parser.ruleNames.index("reservedIdentifier")
    tokens = parser.atn.nextTokens(parser.atn.ruleToStartState[rule])
    grammar = {parser.symbolicNames[t].lower().rstrip("_").removesuffix("_x")
               for interval in tokens.intervals for t in interval}
    assert len(grammar) == 172
    assert reserved_words() == grammar == vba.RESERVED


@pytest.mark.parametrize("platform", list(vba_grammar.PLATFORMS))
def test_conditional_compilation_picks_the_platforms_branch(shipped, platform):
    """The compiled text is what the platform compiles: xlwings' DLL declarations on Windows only
    by bitness, the libc declaration on Mac only, the wrappers' Excel branch everywhere."""
    xlwings = vba_grammar.compiled(shipped["xlwings"], platform)
    declares = [line.strip() for line in xlwings.split("\r\n") if "Declare PtrSafe Function" in line]
    assert any("xlwings64-0.37.8.dll" in d for d in declares) == (platform == "Windows 64-bit")
    assert any('Lib "libc.dylib"' in d for d in declares) == (platform == "Mac")
    wrappers = vba_grammar.compiled(shipped[xlam.WRAPPERS_MODULE], platform)
    assert "ActiveWorkbook, Application.Caller)" in wrappers and "#If" not in wrappers
    ribbon_module = vba_grammar.compiled(shipped[xlam.RIBBON_MODULE], platform)
    assert ("scratch.Close" in ribbon_module) == (platform != "Mac")


# ---- the build refuses names Excel would not compile -------------------------------------------

def test_build_refuses_a_reserved_or_invalid_name(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "reserved_udfs.py").write_text(
        "import xlwings as xw\n\n\n@xw.func\ndef CREDIT_FX(amount, currency, date):\n    return amount\n\n\n"
        "@xw.func\ndef _CREDIT_HIDDEN(x):\n    return x\n")
    with pytest.raises(xlam.VbaNameError) as error:
        xlam.build_addin(tmp_path / "credit.xlam", "reserved_udfs")
    message = str(error.value)
    assert "CREDIT_FX: 'currency' is a reserved word in VBA" in message
    assert "CREDIT_FX: 'date' is a reserved word in VBA" in message
    assert "'_CREDIT_HIDDEN' is not a VBA identifier" in message
    assert not (tmp_path / "credit.xlam").exists()


@pytest.mark.parametrize("name, problem", [
    ("currency", "reserved"), ("Currency", "reserved"), ("date", "reserved"), ("Decimal", "reserved"),
    ("as_of", None), ("currency_code", None), ("dated", None), ("1st", "identifier"), ("a" * 256, "identifier"),
    ("a" * 255, None), ("due-date", "identifier"), ("débiteur", "identifier"),
])
def test_name_problem(name, problem):
    found = vba.name_problem(name)
    assert (found is None) if problem is None else (problem in found)


# ---- the ribbon module: no workbook open -------------------------------------------------------

def test_ribbon_callback_never_calls_runpython_without_an_active_workbook(shipped):
    """xlwings' RunPython reads ActiveWorkbook (VBA error 91 when none is open): the callback
    opens a scratch workbook for the buttons that need none and stops the others with a message."""
    source = shipped[xlam.RIBBON_MODULE].replace("\r\n", "\n")
    body = source.split(f"Sub {xlam.CALLBACK}(control As IRibbonControl)\n", 1)[1]
    guard, after = body.split("    RunPython ", 1)
    assert guard.lstrip().startswith("Dim scratch As Workbook\n    If ActiveWorkbook Is Nothing Then\n")
    [free] = re.findall(r"^\s*Case (\"[^\n]*)$", guard, re.MULTILINE)
    assert free == ", ".join(f'"{b.id}"' for b in ribbon.BUTTONS if not b.needs_workbook)
    assert {b.id for b in ribbon.BUTTONS if not b.needs_workbook} == {"credit_template", "credit_help"}
    assert "Set scratch = Workbooks.Add" in guard.split("Case Else")[0]
    message = guard.split("Case Else")[1]
    assert 'MsgBox IIf(CreditFrench(), "' in message and "Exit Sub" in message   # in Excel's interface language
    assert "Open template" in message and "Ouvrir le modèle" in message
