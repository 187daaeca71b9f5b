"""Messages a person reads: English source text as the gettext key, parameters kept apart.

Core never translates; the GUI, CLI and forms translate at the edge with resources.i18n.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(text: str) -> str:
    """Mark ``text`` for extraction into the catalog without translating it here."""
    return text


@dataclass(frozen=True)
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, gettext: Any = None) -> str:
        text = gettext(self.key) if gettext else self.key
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        return self.render()
