"""The xlwings Lite edition: our scripts and worksheet functions inside Excel without Python.

xlwings Lite (a free add-in from Microsoft's add-in store) runs Python with Pyodide inside Excel
on Windows, macOS and the web, and reads the code from the workbook itself. `addin/build/lite.py`
stores one generated `main.py` in our Lite workbooks: it unpacks `functions/` and `addin/` into
Pyodide's file system and imports `addin.lite.entry`, whose scripts and functions Lite registers.
"""
