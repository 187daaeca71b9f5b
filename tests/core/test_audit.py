import pytest
from sqlalchemy import delete, select, update

from core import audit
from core.permissions import Actor
from db.models import AuditEntry

ACTOR = Actor.system("test")


def _append(app, n):
    for i in range(n):
        with app.uow() as uow:
            uow.audit(
                ACTOR,
                "thing.change",
                subject_type="thing",
                subject_id=str(i),
                details={"n": i, "text": "ä 中"},
            )
            uow.commit()


def _verify(app):
    with app.uow() as uow:
        return audit.verify(uow.session)


def test_intact_chain_verifies(app):
    _append(app, 5)
    report = _verify(app)
    assert report.ok and report.entries == 5


def test_rolled_back_change_leaves_no_entry(app):
    with app.uow() as uow:
        uow.audit(ACTOR, "thing.change")
    assert _verify(app).entries == 0


def _tamper(app, statement):
    with app.engine.begin() as conn:
        conn.execute(statement)


@pytest.mark.parametrize(
    ("statement", "bad_seq"),
    [
        (update(AuditEntry).where(AuditEntry.seq == 3).values(action="thing.other"), 3),
        (update(AuditEntry).where(AuditEntry.seq == 2).values(details={"n": 99}), 2),
        (delete(AuditEntry).where(AuditEntry.seq == 3), 3),
    ],
    ids=["edited-action", "edited-details", "deleted"],
)
def test_tampering_names_the_first_bad_entry(app, statement, bad_seq):
    _append(app, 5)
    _tamper(app, statement)
    report = _verify(app)
    assert not report.ok
    assert report.first_bad_seq == bad_seq


def test_reordered_entries_are_found(app):
    _append(app, 4)
    with app.engine.begin() as conn:
        rows = {r.seq: r for r in conn.execute(select(AuditEntry.__table__))}
        conn.execute(delete(AuditEntry).where(AuditEntry.seq.in_([2, 3])))
        for new_seq, old in ((2, rows[3]), (3, rows[2])):
            values = dict(old._mapping)
            values["seq"] = new_seq
            conn.execute(AuditEntry.__table__.insert().values(**values))
    report = _verify(app)
    assert not report.ok and report.first_bad_seq == 2


def test_recomputed_hash_of_an_edited_entry_still_breaks_the_next_link(app):
    _append(app, 3)
    with app.uow() as uow:
        entry = uow.session.get(AuditEntry, 2)
        entry.action = "forged"
        entry.hash = audit.entry_hash(entry.prev_hash, entry)
        uow.commit()
    report = _verify(app)
    assert not report.ok and report.first_bad_seq == 3


def test_concurrent_writers_keep_one_linear_chain(app):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _i: _append(app, 10), range(4)))
    report = _verify(app)
    assert report.ok and report.entries == 40
