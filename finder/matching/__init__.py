"""Answers x stored criteria -> verdicts with reasons (prefilter in SQL, rules in Python)."""
