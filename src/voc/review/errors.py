"""Errors of the review store, built on :mod:`voc.errors` so the CLI reports them the same way."""

from __future__ import annotations

from voc.errors import InputError, VocError


class ReviewError(VocError):
    """The review store cannot do what was asked (missing item, unknown reviewer, bad schema)."""

    exit_code = 2


class StaleUpdateError(ReviewError):
    """Someone changed the item after the reviewer loaded it; the update was refused, not merged.

    Attributes:
        item_id: the item.
        expected: the version the reviewer saw.
        current: the version in the store now.
        changed_by, changed_at: who made the change that won, and when (empty if unknown).
    """

    def __init__(self, item_id: int, expected: int, current: int, changed_by: str = "", changed_at: str = "") -> None:
        self.item_id, self.expected, self.current = item_id, expected, current
        self.changed_by, self.changed_at = changed_by, changed_at
        who = f" by {changed_by}" if changed_by else ""
        when = f" at {changed_at}" if changed_at else ""
        super().__init__(
            f"item {item_id} was changed{who}{when} after you loaded it (you saw version {expected}, "
            f"it is now version {current}); your update was not saved — reload the item and decide again"
        )

    @property
    def message_zh(self) -> str:
        """The same message for the Chinese page."""
        who = f"被 {self.changed_by} " if self.changed_by else "被他人"
        when = f"于 {self.changed_at} " if self.changed_at else ""
        return f"此条已{who}{when}修改（你看到的是第 {self.expected} 版，现在是第 {self.current} 版），你的操作未保存，请刷新后重新处理。"


class AuthError(ReviewError):
    """A reviewer name or password is wrong, or an account operation is not allowed."""


class ReviewInputError(InputError):
    """A result file given to ``voc review import`` cannot be used."""
