"""Checks on text a person typed: empty, too long, control characters, malformed e-mail/phone."""

from __future__ import annotations

import re
import unicodedata

from core.messages import N_, Message

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,252}\.[^@\s.]{2,63}$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{5,24}$")
# Bidi overrides and isolates can disguise what a name says on a badge or in a list.
_BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def has_control_chars(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI for ch in text)


def clean(text: str | None) -> str:
    """NFC-normalised, trimmed, inner whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def clean_lines(text: str | None) -> str:
    """``clean`` line by line, for notes: line breaks stay, runs of empty lines fold to one,
    and empty lines at either end go."""
    kept: list[str] = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean(line)
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def check_lines(value: str, label: Message, required: bool, max_len: int) -> Message | None:
    """``check_text`` for text of several lines: line breaks and tabs are allowed, other
    control characters are not; the length counts the text as ``clean_lines`` keeps it."""
    if has_control_chars(value.replace("\r", "").replace("\n", "").replace("\t", " ")):
        return Message(N_("This contains characters that are not allowed."))
    kept = clean_lines(value)
    if not kept:
        return Message(N_("Please enter {field}."), {"field": label}) if required else None
    if len(kept) > max_len:
        return Message(N_("This is too long (at most {max} characters)."), {"max": max_len})
    return None


def check_text(value: str, label: Message, required: bool, max_len: int) -> Message | None:
    if has_control_chars(value):
        return Message(N_("This contains characters that are not allowed."))
    value = clean(value)
    if not value:
        return Message(N_("Please enter {field}."), {"field": label}) if required else None
    if len(value) > max_len:
        return Message(N_("This is too long (at most {max} characters)."), {"max": max_len})
    return None


def check_email(value: str, required: bool) -> Message | None:
    problem = check_text(value, Message(N_("your e-mail address")), required, 254)
    if problem or not clean(value):
        return problem
    if not _EMAIL.match(clean(value)):
        return Message(N_("This does not look like an e-mail address."))
    return None


def check_phone(value: str, required: bool) -> Message | None:
    problem = check_text(value, Message(N_("your phone number")), required, 24)
    if problem or not clean(value):
        return problem
    if not _PHONE.match(clean(value)):
        return Message(N_("Please give the phone number with digits only, e.g. +358 40 123 4567."))
    return None
