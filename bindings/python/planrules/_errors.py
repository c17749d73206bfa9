"""Exceptions: every failure of the library arrives as a planrules.Error."""

from __future__ import annotations

from typing import List, Sequence

from . import _planrules

Diagnostic = _planrules.Diagnostic


class Error(Exception):
    """A failure of planrules, with the stable code of the diagnostic behind it.

    ``code`` is ``"PR2003"`` (``""`` when the failure is not about the user's text
    or data), ``number`` the same as an int (2003, or 0), ``status`` the kind of
    failure (``"invalid_input"``, ``"io_error"``, ``"invalid_argument"`` …), and
    ``diagnostics`` every located message (docs/error-codes.md).
    """

    status: str
    message: str
    code: str
    number: int
    diagnostics: List[Diagnostic]

    def __init__(self, message: str, *, status: str = "internal", diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.diagnostics = list(diagnostics)
        first = next((d for d in self.diagnostics if d.severity == "error"), None)
        if first is None and self.diagnostics:
            first = self.diagnostics[0]
        self.code = first.code if first is not None else ""
        self.number = first.number if first is not None else 0

    def __str__(self) -> str:
        lines = [self.message]
        for d in self.diagnostics[:20]:
            lines.append(str(d))
        if len(self.diagnostics) > 20:
            lines.append(f"... and {len(self.diagnostics) - 20} more")
        return "\n".join(lines)

    def render(self) -> str:
        """The diagnostics with the offending lines and carets, as the CLI prints them."""
        return _planrules.render_diagnostics(self.diagnostics)


class PlanError(Error):
    """The rules text has errors."""


class ParseError(PlanError):
    """Syntax errors (PR1xxx)."""


class CheckError(PlanError):
    """Errors of meaning: unknown indicators, unit mismatches, … (PR2xxx, PR3002, PR3003)."""


class DataError(Error):
    """Measurement data the library could not use (PR4xxx)."""


class FileError(Error):
    """A file could not be read (PR3001)."""


class LimitError(Error):
    """Input above the library's limits (PR9xxx)."""


class NotFoundError(Error, LookupError):
    """No such rule, region or table."""


class UsageError(Error, ValueError):
    """A call the library cannot make sense of: a bad option, a finished builder."""


class InternalError(Error):
    """A bug in planrules; please report it."""


def _error_class(status: str, number: int) -> type:
    if status == "io_error":
        return FileError
    if status == "limit_exceeded":
        return LimitError
    if status == "not_found":
        return NotFoundError
    if status in ("invalid_argument", "wrong_state"):
        return UsageError
    if status == "internal":
        return InternalError
    family = number // 1000
    if family == 1:
        return ParseError
    if number == 3001:
        return FileError
    if family in (2, 3):
        return CheckError
    if family == 4:
        return DataError
    if family == 9:
        return LimitError
    return Error


def _make_error(status: str, message: str, diagnostics: Sequence[Diagnostic]) -> Error:
    """The factory the extension calls for every failure."""
    first = next((d for d in diagnostics if d.severity == "error"), None)
    if first is None and diagnostics:
        first = diagnostics[0]
    cls = _error_class(status, first.number if first is not None else 0)
    return cls(message, status=status, diagnostics=diagnostics)


_planrules.set_error_factory(_make_error)
