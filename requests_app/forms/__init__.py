"""Forms parse what a person typed into Python values; every business rule lives in services."""
