"""Times: stored in UTC, reasoned about in the site's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def now() -> datetime:
    return datetime.now(UTC)


def end_of_local_day(moment: datetime, timezone: str) -> datetime:
    """The last second of ``moment``'s calendar day at the site, as UTC (badges expire then)."""
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone)
    next_midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    return (next_midnight - timedelta(seconds=1)).astimezone(UTC)


def to_local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
