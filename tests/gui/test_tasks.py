import threading

import pytest

from core.errors import NotFound
from core.messages import Message
from gui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def test_result_arrives_on_the_gui_thread(runner):
    seen = {}

    def work(a, b=0):
        seen["worker"] = threading.get_ident()
        return a + b

    def done(result):
        seen.update(result=result, done=threading.get_ident())

    runner.run(work, 2, b=3, on_done=done)
    assert runner.busy
    assert runner.wait_idle(2000)
    assert seen["result"] == 5
    assert seen["done"] == threading.get_ident()
    assert seen["worker"] != threading.get_ident()
    assert not runner.busy


def test_errors_go_to_on_error_and_not_on_done(runner):
    done, errors = [], []

    def refuse():
        raise NotFound(Message("No such thing."))

    runner.run(refuse, on_done=done.append, on_error=errors.append)
    assert runner.wait_idle(2000)
    assert done == []
    assert isinstance(errors[0], NotFound) and errors[0].message.key == "No such thing."


def test_unexpected_errors_are_delivered_too(runner, caplog):
    errors = []
    runner.run(lambda: 1 / 0, on_error=errors.append)
    assert runner.wait_idle(2000)
    assert isinstance(errors[0], ZeroDivisionError)
    assert "background task" in caplog.text


def test_a_result_started_before_forget_is_dropped(runner, qtbot):
    release = threading.Event()
    delivered = []
    runner.run(lambda: release.wait(5) and "old", on_done=delivered.append)
    runner.forget()  # the kiosk was reset while the work ran
    runner.run(lambda: "new", on_done=delivered.append)
    release.set()
    with qtbot.waitSignal(runner.idle, timeout=2000):
        pass
    assert delivered == ["new"]


def test_busy_changes_are_signalled(runner):
    changes = []
    runner.busyChanged.connect(changes.append)
    runner.run(lambda: None)
    runner.run(lambda: None)
    assert runner.wait_idle(2000)
    assert changes == [True, False]


def test_a_callback_may_start_the_next_task(runner):
    results = []

    def first(value):
        results.append(value)
        runner.run(lambda: "second", on_done=results.append)

    runner.run(lambda: "first", on_done=first)
    assert runner.wait_idle(2000)
    assert results == ["first", "second"]
