"""Bringing data in: the French FEC, ERP exports with a column mapping, the public IBM sample."""
