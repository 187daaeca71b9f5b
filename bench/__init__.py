"""`make bench`: the figures the issues name, written to bench/latest.json."""
