"""Every error voc shows a user, in one place, so messages stay consistent and each path is testable.

Messages say what was found, what was expected and what to do. The CLI turns a :class:`VocError`
into one line on stderr and exit code 2 (usage/input) or 1 (anything else).
"""

from __future__ import annotations


class VocError(Exception):
    """Base class of the errors voc raises on purpose."""

    exit_code = 1


class InputError(VocError, ValueError):
    """The input (file, column, option value) cannot be used as given."""

    exit_code = 2


class ColumnDetectionError(InputError):
    """Columns could not be chosen automatically; the message lists them and the option to use."""


class ConfigError(InputError):
    """A data file the user supplied (taxonomy, survey config, lexicon) is malformed."""


class ModelError(VocError):
    """A model directory is missing, corrupt or was written by an incompatible voc version."""

    exit_code = 2


class MissingDependencyError(VocError, ImportError):
    """An optional dependency is needed for what was asked; the message says what to install."""

    exit_code = 2


def missing_dependency(package: str, feature: str, extra: str | None = None) -> MissingDependencyError:
    """Build the error raised when ``feature`` needs ``package`` and it cannot be imported."""
    hint = f'pip install "voc[{extra}]"' if extra else f"pip install {package}"
    return MissingDependencyError(f"{feature} needs the package '{package}', which is not installed: {hint}")
