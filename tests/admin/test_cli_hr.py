"""`vartio offboarding remind`, end to end with a real SMTP server and without one."""

import subprocess
import sys

from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)

PREPARE = """
import sys
from datetime import timedelta
from sqlalchemy import select
from core.app import open_app
from core.clock import now
from core.offboarding import start_case
from core.permissions import Actor
from db.models import Employee, UserAccount

app = open_app(sys.argv[1])
with app.uow() as uow:
    people = {e.last_name: e.id for e in uow.session.scalars(select(Employee))}
    hr = uow.session.scalars(select(UserAccount).where(UserAccount.username == "hr")).one()
    hr.employee_id = people["Laine"]
    uow.commit()
start_case(app.uow(), Actor.system(), people["Korhonen"], now().date() + timedelta(1))
app.close()
"""


def _prepare(environ, db):
    """A leaver whose HR tasks are due tomorrow; the hr account belongs to Aino Laine. In
    another process, like the CLI: the data key is in that environment's keyring."""
    subprocess.run([sys.executable, "-c", PREPARE, db], env=environ, check=True, timeout=120)


def test_remind_queues_and_sends_once_a_day(env, tmp_path, smtp_server):  # noqa: F811
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    _prepare(env, db)
    without_mail = ok_json(vartio(env, "--db", db, "--json", "offboarding", "remind"))
    assert (without_mail["queued"], without_mail["sent"]) == (1, 0)
    assert not without_mail["mail_configured"]
    mail_env = {**env, "VARTIO_SMTP_HOST": "127.0.0.1", "VARTIO_SMTP_PORT": str(smtp_server.port),
                "VARTIO_SMTP_STARTTLS": "0"}  # fmt: skip
    sent = ok_json(vartio(mail_env, "--db", db, "--json", "offboarding", "remind"))
    assert sent["queued"] == 0 and sent["sent"] == 1 and sent["mail_configured"]
    [mail] = smtp_server.inbox.messages()
    assert mail["Subject"].startswith("Offboarding tasks due:")
    text = vartio(mail_env, "--db", db, "offboarding", "remind")
    assert text.returncode == 0 and "Reminders queued today: 0." in text.stdout


TEMPLATE = """
name = "Helsinki leavers"
staff_kind = "employee"

[[task]]
title = "Collect the customer keys"
offset_days = -2
owner_role = "hr"

[[task]]
title = "Disable the accounts"
owner = "admin"
action = "disable_account"
"""


def test_templates_are_added_from_a_file_listed_and_retired(env, tmp_path):  # noqa: F811
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    path = tmp_path / "leavers.toml"
    path.write_text(TEMPLATE, encoding="utf-8")
    added = ok_json(vartio(env, "--db", db, "--json", "offboarding", "template", "add",
                           str(path), "--site", "hel"))  # fmt: skip
    assert added["tasks"] == 2
    listed = ok_json(vartio(env, "--db", db, "--json", "offboarding", "template", "list",
                            "--site", "hel"))["templates"]  # fmt: skip
    mine = next(t for t in listed if t["id"] == added["template"])
    assert mine["tasks"][1]["owner_username"] == "admin" and mine["staff_kind"] == "employee"
    text = vartio(env, "--db", db, "offboarding", "template", "list", "--site", "hel")
    assert "-2 d  Collect the customer keys [hr]" in text.stdout
    ok_json(vartio(env, "--db", db, "--json", "offboarding", "template", "retire",
                   added["template"]))  # fmt: skip
    path.write_text('name = "x"\n[[task]]\ntitle = "No owner"\n', encoding="utf-8")
    bad = vartio(env, "--db", db, "offboarding", "template", "add", str(path), "--site", "hel")
    assert bad.returncode == 1 and "owner" in bad.stderr and "Traceback" not in bad.stderr
    path.write_text("not toml [", encoding="utf-8")
    broken = vartio(env, "--db", db, "offboarding", "template", "add", str(path))
    assert broken.returncode == 1 and "not a template file" in broken.stderr
