"""The credit-insurance domain: pure functions over pandas DataFrames.

Nothing here touches Excel, files or the clock: every computation takes `as_of`.
"""
