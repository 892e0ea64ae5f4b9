"""The one error of the print path."""

from __future__ import annotations


class PrintError(Exception):
    """A printer problem; its (Indonesian) text is shown to the operator, the queue goes on."""
