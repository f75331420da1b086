"""The exception seedgen raises."""

from typing import Optional


class SeedgenError(ValueError):
    """A schema, settings or plan that seedgen cannot use, with the command line's
    message; ``file``, ``line`` and ``column`` say where when the error has a position
    (a DDL statement, a JSON value)."""

    def __init__(
        self,
        message: str,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
