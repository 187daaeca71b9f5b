"""Non-compete law per jurisdiction as data: one TOML file per jurisdiction in
``resources/jurisdictions/`` (``fi.toml``, ``cn.toml``), read and validated here, so a
jurisdiction is added by adding a file. The rules that use it are ``core.noncompete_rules``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from core.messages import N_
from resources import path as resource_path

ANY_CATEGORY = "any"


class EmployeeCategory(StrEnum):
    SENIOR_MANAGER = "senior_manager"
    SENIOR_TECHNICIAN = "senior_technician"
    CONFIDENTIALITY_DUTY = "confidentiality_duty"
    OTHER = "other"


CATEGORY_TEXT: dict[EmployeeCategory, str] = {
    EmployeeCategory.SENIOR_MANAGER: N_("senior manager"),
    EmployeeCategory.SENIOR_TECHNICIAN: N_("senior technician"),
    EmployeeCategory.CONFIDENTIALITY_DUTY: N_("employee with a duty of confidentiality"),
    EmployeeCategory.OTHER: N_("other employee"),
}


class Payment(StrEnum):
    MONTHLY = "monthly"  # a monthly payment during the restriction (CN art. 23)
    PAY_DAYS = "pay_days"  # on the employee's ordinary pay days (FI 3:5)


class JurisdictionFileError(ValueError):
    """A jurisdiction file is malformed; the text names the file and the key."""


@dataclass(frozen=True)
class CompensationTier:
    up_to_months: int
    percent: Decimal  # the least compensation, as a percentage of the employee's pay


@dataclass(frozen=True)
class ReleaseNotice:
    fraction: Fraction  # of the restriction period
    minimum_months: int


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    source: str
    max_months: int
    payment: Payment
    compensation: tuple[CompensationTier, ...]
    eligible_categories: frozenset[EmployeeCategory]
    requires_weighty_reason: bool
    minimum_wage_floor: bool
    release_notice: ReleaseNotice | None = None

    def required_percent(self, months: int) -> Decimal:
        """The least compensation percentage for a restriction of ``months``."""
        for tier in self.compensation:
            if months <= tier.up_to_months:
                return tier.percent
        return self.compensation[-1].percent


# --- loading the data -------------------------------------------------------------------------

DEFAULT_DIRECTORY = resource_path("jurisdictions")


class _Reader:
    """Typed access to one parsed file; every error names the file and the key."""

    def __init__(self, file: Path, data: Any, keys: list[str], prefix: str = "") -> None:
        self.file, self.data, self.prefix = file, data, prefix
        if not isinstance(data, dict):
            raise JurisdictionFileError(f"{file.name}: {prefix.rstrip('.')}: must be a table")
        unknown = sorted(set(data) - set(keys))
        if unknown:  # a misspelt key would otherwise be silently ignored
            raise self.fail(unknown[0], "unknown key")

    def fail(self, key: str, problem: str) -> JurisdictionFileError:
        return JurisdictionFileError(f"{self.file.name}: {self.prefix}{key}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        if key not in self.data:
            raise self.fail(key, "missing")
        value = self.data[key]
        # bool is an int in Python; a flag is never a count and vice versa.
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise self.fail(key, f"must be {what}")
        return value

    def text(self, key: str) -> str:
        value: str = self.get(key, str, "text")
        if not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def count(self, key: str, least: int) -> int:
        value: int = self.get(key, int, "a whole number")
        if value < least:
            raise self.fail(key, f"must be at least {least}")
        return value

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool, "true or false"))

    def percent(self, key: str) -> Decimal:
        # Strings and integers only: a TOML float (0.1) is binary and not exact.
        raw = self.get(key, (str, int), 'a percentage as a string or integer, e.g. "40"')
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(key, f"{raw!r} is not a number") from None
        if not value.is_finite() or not 0 <= value <= 100:
            raise self.fail(key, "must be between 0 and 100")
        return value


def _parse(file: Path, data: Mapping[str, Any]) -> Jurisdiction:
    top = _Reader(file, data, [f.name for f in fields(Jurisdiction)])
    code = top.text("code")
    if code != file.stem.upper() or not code.isalpha():
        raise top.fail("code", f"must be the file name in capitals ({file.stem.upper()!r})")
    max_months = top.count("max_months", 1)
    payment_name = top.text("payment")
    try:
        payment = Payment(payment_name)
    except ValueError:
        raise top.fail("payment", f"must be one of {', '.join(Payment)}") from None

    rows = top.get("compensation", list, "a list of [[compensation]] tables")
    if not rows:
        raise top.fail("compensation", "needs at least one tier")
    tiers: list[CompensationTier] = []
    for i, row in enumerate(rows):
        tier = _Reader(file, row, ["up_to_months", "percent"], f"compensation[{i}].")
        up_to = tier.count("up_to_months", 1)
        if tiers and up_to <= tiers[-1].up_to_months:
            raise tier.fail("up_to_months", "must be larger than the tier before")
        tiers.append(CompensationTier(up_to, tier.percent("percent")))
    if tiers[-1].up_to_months < max_months:
        raise top.fail("compensation", f"the last tier must reach max_months ({max_months})")

    names = top.get("eligible_categories", list, "a list of categories")
    if names == [ANY_CATEGORY]:
        categories = frozenset(EmployeeCategory)
    else:
        try:
            categories = frozenset(EmployeeCategory(n) for n in names)
        except ValueError:
            allowed = ", ".join([ANY_CATEGORY, *EmployeeCategory])
            raise top.fail("eligible_categories", f"each must be one of {allowed}") from None
        if not categories:
            raise top.fail("eligible_categories", "must not be empty")

    notice = None
    if "release_notice" in data:
        table = top.get("release_notice", dict, "a [release_notice] table")
        sub = _Reader(file, table, ["fraction", "minimum_months"], "release_notice.")
        fraction_text = sub.text("fraction")
        try:
            fraction = Fraction(fraction_text)
        except (ValueError, ZeroDivisionError):
            raise sub.fail("fraction", 'must be a fraction such as "1/3"') from None
        if not 0 < fraction <= 1:
            raise sub.fail("fraction", "must be above 0 and at most 1")
        notice = ReleaseNotice(fraction, sub.count("minimum_months", 0))

    return Jurisdiction(
        code=code,
        name=top.text("name"),
        source=top.text("source"),
        max_months=max_months,
        payment=payment,
        compensation=tuple(tiers),
        eligible_categories=categories,
        requires_weighty_reason=top.flag("requires_weighty_reason"),
        minimum_wage_floor=top.flag("minimum_wage_floor"),
        release_notice=notice,
    )


@functools.cache
def load_jurisdictions(directory: Path = DEFAULT_DIRECTORY) -> Mapping[str, Jurisdiction]:
    """Every ``*.toml`` in ``directory``, validated, by code. Read once per directory."""
    found: dict[str, Jurisdiction] = {}
    for file in sorted(Path(directory).glob("*.toml")):
        try:
            with file.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise JurisdictionFileError(f"{file.name}: not valid TOML: {exc}") from None
        jurisdiction = _parse(file, data)
        found[jurisdiction.code] = jurisdiction
    return MappingProxyType(found)


# --- the rules --------------------------------------------------------------------------------
