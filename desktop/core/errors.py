"""Typed errors. Every message is Chinese and meant for the user; the UI and CLI show them as they are."""


class QingfengError(Exception):
    """Base of every expected error. `message` is shown to the user, `hint` says what to do next."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message


class ValidationError(QingfengError):
    """A form or import value is wrong. `field` names the offending field when there is one."""

    def __init__(self, message: str, *, field: str = "", hint: str = ""):
        super().__init__(message, hint=hint)
        self.field = field


class NotFound(QingfengError):
    """A record does not exist (or was deleted)."""


class Duplicate(ValidationError):
    """A record with the same key already exists."""


class GateRefused(QingfengError):
    """A state transition is not allowed; the message says why."""


class PermissionDenied(QingfengError):
    """The current user (or role of this site) may not do this."""


class StoreError(QingfengError):
    """The database file cannot be used: foreign, too new, damaged, locked, unwritable."""


class AlreadyRunning(StoreError):
    """Another 清风台账 holds the lock on this data directory."""


class ImportFileError(QingfengError):
    """An import file (xlsx, package …) cannot be read or has the wrong shape."""


class OutputError(QingfengError):
    """An output file or folder cannot be written."""
