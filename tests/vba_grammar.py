"""VBA source as Excel compiles it, checked on Linux with the MS-VBAL grammar of the antlr4-vba
package (ANTLR 4, MIT), not with LibreOffice, which accepts code Excel rejects.

Excel first runs conditional compilation (MS-VBAL 3.4): `#Const`, `#If ... Then`, `#ElseIf`,
`#Else` and `#End If` lines choose which lines are compiled, by constants VBA predefines per
platform. `compiled` does the same (each directive's expression read by the package's
conditional-compilation grammar, lines kept in place so errors keep their line numbers); `parse`
then parses the result with the package's MS-VBAL grammar, in full LL mode (its SLL mode reports
false errors on valid code). `declared_names` lists what the module names itself: procedures,
parameters, variables, constants and labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from antlr4 import CommonTokenStream, InputStream, ParseTreeWalker
from antlr4.error.ErrorListener import ErrorListener
from antlr4.tree.Tree import TerminalNode
from antlr4_vba.vba_ccLexer import vba_ccLexer
from antlr4_vba.vba_ccParser import vba_ccParser
from antlr4_vba.vbaLexer import vbaLexer
from antlr4_vba.vbaParser import vbaParser
from antlr4_vba.vbaParserListener import vbaParserListener

# The constants VBA 7 predefines (Office 2010 and later), per platform of Excel.
PLATFORMS = {
    "Windows 64-bit": {"vba6": True, "vba7": True, "win16": False, "win32": True, "win64": True, "mac": False},
    "Windows 32-bit": {"vba6": True, "vba7": True, "win16": False, "win32": True, "win64": False, "mac": False},
    "Mac": {"vba6": True, "vba7": True, "win16": False, "win32": False, "win64": False, "mac": True},
}
DIRECTIVE = re.compile(r"^[ \t]*#(Const|If|ElseIf|Else|End[ \t]*If)\b", re.IGNORECASE)


class _Errors(ErrorListener):
    def __init__(self):
        self.errors: list[str] = []

    def syntaxError(self, recognizer, offending, line, column, msg, e):  # noqa: N802 - ANTLR's name
        self.errors.append(f"line {line}:{column} {msg}")


def _parser(cls_lexer, cls_parser, text: str):
    errors = _Errors()
    lexer = cls_lexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = cls_parser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    return parser, errors


# ---- conditional compilation ------------------------------------------------------------------

def _directive(line: str):
    """The cc grammar's parse of one directive line: the ccIf/ccElseif/ccConst context."""
    kind = DIRECTIVE.match(line).group(1).lower()
    text = line.strip()
    if kind == "elseif":        # parsed as the #If it is equivalent to, inside a block
        text = "#If" + text[len("#ElseIf"):]
    block = text + "\r\n" + ("#End If\r\n" if kind in ("if", "elseif") else "")
    parser, errors = _parser(vba_ccLexer, vba_ccParser, 'Attribute VB_Name = "cc"\r\n' + block)
    tree = parser.startRule()
    if errors.errors:
        raise SyntaxError(f"directive {line.strip()!r}: {errors.errors[0]}")
    wanted = vba_ccParser.CcConstContext if kind == "const" else vba_ccParser.CcIfContext
    return next(_contexts(tree, wanted))


def _contexts(node, cls):
    if isinstance(node, cls):
        yield node
    for child in node.getChildren() if not isinstance(node, TerminalNode) else ():
        yield from _contexts(child, cls)


def _value(node, constants: dict):
    """Value of a ccExpression (MS-VBAL 3.4.1): literals, constants (undefined = Empty, taken as
    0), parentheses, Not, comparisons, And, Or, Xor."""
    if isinstance(node, TerminalNode):
        return constants.get(node.getText().lower(), 0)
    kids = [k for k in node.getChildren() if k.getText().strip()]
    if isinstance(node, vba_ccParser.LiteralExpressionContext):
        text = node.getText()
        if text.startswith('"'):
            return text[1:-1].replace('""', '"')
        return {"true": True, "false": False}.get(text.lower(), None) if not text[0].isdigit() else float(text)
    if isinstance(node, vba_ccParser.NameContext) or not kids:
        return constants.get(node.getText().lower(), 0)
    if len(kids) == 1:
        return _value(kids[0], constants)
    first = kids[0].getText().lower()
    if first == "(":
        return _value(kids[1], constants)
    if first == "not" and len(kids) == 2:
        return not _value(kids[1], constants)
    a, op, b = _value(kids[0], constants), kids[1].getText().lower(), _value(kids[2], constants)
    operations = {"=": lambda: a == b, "<>": lambda: a != b, "<": lambda: a < b, ">": lambda: a > b,
                  "<=": lambda: a <= b, ">=": lambda: a >= b, "and": lambda: bool(a) and bool(b),
                  "or": lambda: bool(a) or bool(b), "xor": lambda: bool(a) != bool(b)}
    if op not in operations:
        raise SyntaxError(f"conditional-compilation operator {op!r} not handled")
    return operations[op]()


def compiled(source: str, platform: str) -> str:
    """The module as VBA compiles it on `platform`: directives and lines not selected blanked."""
    constants = dict(PLATFORMS[platform])
    out, stack = [], []          # stack of (outer block active, a branch already taken, this branch active)
    for line in re.split(r"\r\n|\n|\r", source):
        active = all(frame[2] for frame in stack)
        match = DIRECTIVE.match(line)
        if not match:
            out.append(line if active else "")
            continue
        kind = re.sub(r"\s", "", match.group(1).lower())
        if kind == "const" and active:
            const = _directive(line)
            constants[const.ccVarLhs().getText().lower()] = _value(const.ccExpression(), constants)
        elif kind == "if":
            taken = active and bool(_value(_directive(line).ccExpression(), constants))
            stack.append([active, taken, taken])
        elif kind == "elseif":
            outer, taken, _ = stack[-1]
            now = outer and not taken and bool(_value(_directive(line).ccExpression(), constants))
            stack[-1] = [outer, taken or now, now]
        elif kind == "else":
            outer, taken, _ = stack[-1]
            stack[-1] = [outer, True, outer and not taken]
        elif kind == "endif":
            stack.pop()
        out.append("")
    if stack:
        raise SyntaxError("#If without #End If")
    return "\r\n".join(out)


# ---- the MS-VBAL grammar ----------------------------------------------------------------------

@dataclass
class Parsed:
    tree: object
    errors: list[str]


def parse(source: str) -> Parsed:
    parser, errors = _parser(vbaLexer, vbaParser, source if source.endswith("\r\n") else source + "\r\n")
    return Parsed(parser.startRule(), errors.errors)


DECLARATIONS = (vbaParser.FunctionNameContext, vbaParser.SubroutineNameContext,
                vbaParser.UntypedNameParamDclContext, vbaParser.TypedNameParamDclContext,
                vbaParser.UntypedVariableDclContext, vbaParser.TypedVariableDclContext,
                vbaParser.IdentifierStatementLabelContext, vbaParser.ConstItemContext)


def declared_names(tree) -> list[str]:
    """Names the module declares: procedures, parameters, variables, constants, labels."""
    names = []

    class Collect(vbaParserListener):
        def enterEveryRule(self, ctx):  # noqa: N802 - ANTLR's name
            if isinstance(ctx, DECLARATIONS):
                first = ctx.getChild(0)
                while not isinstance(first, TerminalNode):
                    first = first.getChild(0)
                names.append(first.getText())

    ParseTreeWalker().walk(Collect(), tree)
    return names
