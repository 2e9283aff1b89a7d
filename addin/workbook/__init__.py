"""Reading and writing workbooks: the contract, parsing, the Book port, in-place edits, the result writer."""
