"""Eligibility text -> ordered, typed criteria (split, then understand)."""
