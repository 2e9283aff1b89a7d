"""VBA names: what the add-in's generated VBA may call a function or a parameter.

Excel refuses to compile a whole module when one name in it is a reserved word (a parameter
named `currency` kills every worksheet function of the add-in), and LibreOffice, our only VBA
reader on Linux, accepts it. So the build checks every generated name against the list of
MS-VBAL (the VBA language specification) section 3.3.5.2, "Reserved Identifiers and IDENTIFIER":
https://learn.microsoft.com/en-us/openspecs/microsoft_general_purpose_programming_languages/ms-vbal/7df907cb-ab6c-40d3-aa81-272742ce00c3

    >>> name_problem("currency")
    "'currency' is a reserved word in VBA"
    >>> name_problem("currency_code") is None
    True
"""
from __future__ import annotations

import re

# MS-VBAL 3.3.5.2, one line per production of <reserved-identifier>.
RESERVED_BY_KIND = {
    "statement-keyword": "Call Case Close Const Declare DefBool DefByte DefCur DefDate DefDbl DefInt DefLng "
                         "DefLngLng DefLngPtr DefObj DefSng DefStr DefVar Dim Do Else ElseIf End EndIf Enum Erase "
                         "Event Exit For Friend Function Get Global GoSub GoTo If Implements Input Let Lock Loop LSet "
                         "Next On Open Option Print Private Public Put RaiseEvent ReDim Resume Return RSet Seek "
                         "Select Set Static Stop Sub Type Unlock Wend While With Write",
    "rem-keyword": "Rem",
    "marker-keyword": "Any As ByRef ByVal Case Each Else In New Shared Until WithEvents Write Optional ParamArray "
                      "Preserve Spc Tab Then To",
    "operator-identifier": "AddressOf And Eqv Imp Is Like New Mod Not Or TypeOf Xor",
    "reserved-name": "Abs CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr CVar CVErr Date Debug "
                     "DoEvents Fix Int Len LenB Me PSet Scale Sgn String",
    "special-form": "Array Circle Input InputB LBound Scale UBound",
    "reserved-type-identifier": "Boolean Byte Currency Date Double Integer Long LongLong LongPtr Single String "
                                "Variant",
    "literal-identifier": "True False Nothing Empty Null",
    "reserved-for-implementation-use": "Attribute LINEINPUT VB_Base VB_Control VB_Creatable VB_Customizable "
                                       "VB_Description VB_Exposed VB_Ext_KEY VB_GlobalNameSpace VB_HelpID "
                                       "VB_Invoke_Func VB_Invoke_Property VB_Invoke_PropertyPut "
                                       "VB_Invoke_PropertyPutRef VB_MemberFlags VB_Name VB_PredeclaredId VB_ProcData "
                                       "VB_TemplateDerived VB_UserMemId VB_VarDescription VB_VarHelpID "
                                       "VB_VarMemberFlags VB_VarProcData VB_VarUserMemId",
    "future-reserved": "CDecl Decimal DefDec",
}
RESERVED = frozenset(word.lower() for words in RESERVED_BY_KIND.values() for word in words.split())
# MS-VBAL 3.3.5.1: a Latin identifier is a letter then letters, digits and underscores; 3.3.5: at
# most 255 characters.
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,254}")


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a VBA function or parameter, or None when it can."""
    if not IDENTIFIER.fullmatch(name):
        return f"'{name}' is not a VBA identifier (a letter, then letters, digits or _; 255 at most)"
    if name.lower() in RESERVED:
        return f"'{name}' is a reserved word in VBA"
    return None
