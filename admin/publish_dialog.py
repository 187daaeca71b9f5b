"""A3: HR publishes a new version of an agreement template. The dialog starts from the version
in use (kind and language chosen at the top); saving makes the next version, and the one before
is retired, never changed. Core validates; the dialog shows its messages and keeps the text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.agreement_admin import (
    KIND_TEXT,
    MAX_VALID_DAYS,
    Kind,
    NewVersion,
    current_version,
    publish_version,
)
from core.agreements import AgreementText
from core.app import App
from core.permissions import Actor
from gui.i18n import Translator, problem_text
from gui.tasks import TaskRunner
from gui.widgets import button, label
from resources.i18n import LANGUAGES


class PublishDialog(QDialog):
    published = Signal(object)  # AgreementText

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.i18n, self.actor = app, runner, i18n, actor
        tr = i18n.tr
        self.setWindowTitle(tr("Publish a new version"))
        self.setMinimumSize(640, 480)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        form = QFormLayout()
        self.kind, self.language = QComboBox(), QComboBox()
        for kind in Kind:
            self.kind.addItem(tr(KIND_TEXT[kind]), kind.value)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.title = QLineEdit()
        self.title.setMaxLength(300)
        self.body = QPlainTextEdit()
        self.valid_days = QSpinBox()
        self.valid_days.setRange(1, MAX_VALID_DAYS)
        self.valid_days.setValue(365)
        self.current = label("hint")
        for caption, field in (
            (tr("Agreement"), self.kind),
            (tr("Language"), self.language),
            (tr("Title"), self.title),
            (tr("Valid for days"), self.valid_days),
        ):
            form.addRow(caption, field)
        layout.addLayout(form)
        layout.addWidget(self.current)
        layout.addWidget(self.body, 1)
        self.message = label("error")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        cancel = button()
        cancel.setText(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.publish = button("primary")
        self.publish.setText(tr("Publish"))
        self.publish.clicked.connect(self._publish)
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.publish)
        layout.addLayout(row)
        self._loads = 0
        self.kind.currentIndexChanged.connect(lambda _i: self._load())
        self.language.currentIndexChanged.connect(lambda _i: self._load())
        self._load()

    def _load(self) -> None:
        self._loads += 1
        load = self._loads  # only the latest choice's answer fills the form
        self.runner.run(
            current_version,
            self.app.uow(),
            self.actor,
            self.kind.currentData(),
            self.language.currentData(),
            on_done=lambda text: self._loaded(load, text),
            on_error=lambda exc: self.message.setText(problem_text(self.i18n, exc)),
        )

    def _loaded(self, load: int, text: AgreementText | None) -> None:
        if load != self._loads:
            return
        tr = self.i18n.tr
        if text is None or text.language != self.language.currentData():
            self.current.setText(tr("No version in this language yet: this will be version 1."))
            return  # what was typed stays
        self.current.setText(tr("Starting from version {version}.", version=text.version))
        self.title.setText(text.title)
        self.body.setPlainText(text.body)
        self.valid_days.setValue(text.valid_days)

    def _publish(self) -> None:
        self.publish.setEnabled(False)
        self.message.clear()
        self.runner.run(
            publish_version,
            self.app.uow(),
            self.actor,
            NewVersion(
                kind=self.kind.currentData(),
                language=self.language.currentData(),
                title=self.title.text(),
                body=self.body.toPlainText(),
                valid_days=self.valid_days.value(),
            ),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, text: AgreementText) -> None:
        self.publish.setEnabled(True)
        self.published.emit(text)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.publish.setEnabled(True)
        self.message.setText(problem_text(self.i18n, exc))
