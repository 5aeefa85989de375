"""Readers for ClinicalTrials.gov formats, each yielding the same typed `StudyRecord`."""
