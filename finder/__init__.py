"""Trial Finder's domain and data layer: registry import, the trial store, criteria, matching, content.

Nothing under this package imports Qt; the UI talks to it through plain values.
"""

__version__ = "0.1.0"
