"""The append-only audit chain.

Each entry's hash is SHA-256 over the previous hash and a canonical JSON form of the entry
(sorted keys, UTC ISO times). ``prev_hash`` is unique, so two writers can never both extend
the same entry; writers serialise on a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
advisory transaction lock) so the chain stays linear. Entries name subjects by id and never
hold personal data in clear.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import AuditEntry
from db.types import utcnow

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x7661727469  # "varti"


def canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "site_id": entry.site_id,
        "details": entry.details,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(entry)).hexdigest()


def append(
    session: Session,
    actor: str,
    action: str,
    subject_type: str | None = None,
    subject_id: str | None = None,
    site_id: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry in the caller's transaction (it commits or rolls back with the change)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    prev_seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    entry = AuditEntry(
        seq=prev_seq + 1,
        at=at or utcnow(),
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        site_id=site_id,
        details=details or {},
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(prev_hash, entry)
    session.add(entry)
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
        }


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order; name the first entry that was edited, removed or reordered."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.seq > last_seq)
            .order_by(AuditEntry.seq)
            .limit(batch)
        ).all()
        if not rows:
            return ChainReport(ok=True, entries=count)
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(
                    False, count, expected_seq, "entry missing (deleted or renumbered)"
                )
            if entry.prev_hash != prev_hash:
                return ChainReport(False, count, entry.seq, "does not follow the previous entry")
            if entry_hash(prev_hash, entry) != entry.hash:
                return ChainReport(False, count, entry.seq, "content changed after it was written")
            prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
            last_seq = entry.seq
        session.expunge_all()
