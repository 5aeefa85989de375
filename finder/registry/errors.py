"""The one error every registry reader raises: it always says which file, and which study and field when
known, so a clinic can find the bad record in a download of thousands."""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """A registry file that cannot be read as it is, e.g.

    "data.zip!NCT0123.json: study NCT0123: field protocolSection.eligibilityModule.minimumAge:
    'eighteen' is not an age like '18 Years'"
    """

    def __init__(
        self, file: str, reason: str, *, nct_id: str | None = None, field: str | None = None
    ) -> None:
        self.file = file
        self.nct_id = nct_id
        self.field = field
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [self.file]
        if self.nct_id:
            parts.append(f"study {self.nct_id}")
        if self.field:
            parts.append(f"field {self.field}")
        parts.append(self.reason)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only arguments do not survive the default pickling, and errors cross process boundaries
        return (_rebuild, (self.file, self.reason, self.nct_id, self.field))

    def with_context(self, *, file: str | None = None, nct_id: str | None = None) -> RegistryError:
        """The same error with the file or study filled in where it was not known when raised."""
        return RegistryError(file or self.file, self.reason, nct_id=self.nct_id or nct_id, field=self.field)


def _rebuild(file: str, reason: str, nct_id: str | None, field: str | None) -> RegistryError:
    return RegistryError(file, reason, nct_id=nct_id, field=field)
