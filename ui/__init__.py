"""The PySide6 desktop app. No SQL here: everything goes through finder/."""
