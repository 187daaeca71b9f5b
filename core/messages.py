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
        """Translate with ``gettext`` (None: English); Message parameters are translated too."""
        text = gettext(self.key) if gettext else self.key
        if not self.params:
            return text
        params = {
            k: v.render(gettext) if isinstance(v, Message) else v for k, v in self.params.items()
        }
        return text.format(**params)

    def __str__(self) -> str:
        return self.render()
