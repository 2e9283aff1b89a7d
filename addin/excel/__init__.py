"""Inside Excel: worksheet functions, ribbon macros and buttons, the xlwings Book adapter, the .xlam build and install."""
