"""Named registries of interchangeable parts (sentiment backends, topic embedders …).

A string option such as ``--sentiment-backend lexicon`` is resolved here; an unknown name gets an
error that lists the registered ones. Names are versioned when saved in a model directory
(``voc.sentiment.linear.v1``) so a later voc can tell what wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from voc.errors import InputError

T = TypeVar("T")


class Registry(Generic[T]):
    """A mapping from names to factories of one kind of part."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator: register ``factory`` under ``name``."""

        def decorator(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return decorator

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._factories)

    def create(self, name: str, **options: Any) -> T:
        """Build the part registered as ``name``; unknown names list the alternatives."""
        try:
            factory = self._factories[name]
        except KeyError:
            raise InputError(
                f"unknown {self.kind} '{name}'; available: {', '.join(self.names())}"
            ) from None
        return factory(**options)
