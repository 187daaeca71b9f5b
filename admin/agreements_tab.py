"""A3 at the HR desk: where everyone at a site stands with their agreements (signed, expiring
within 30 days, expired, missing), filtered by agreement, state and person; CSV export; verify
an archived copy against its hash; an employee signs at the desk on the signature pad, or a
copy signed on paper is filed. Core decides who may see what; all work runs in the runner."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin.agreements_model import PERSON_TEXT, AgreementsModel
from admin.desk_tab import DeskTab
from admin.desk_work import file_current, save_file, sign_current
from admin.publish_dialog import PublishDialog
from admin.site_choice import SiteChoiceBox
from core.agreement_admin import KIND_TEXT, Kind, verify_signature
from core.agreement_status import STATE_TEXT, State, StatusRow, agreement_status, status_csv
from core.agreements import AgreementText
from core.app import App
from core.employee_signing import Signed
from core.messages import N_
from core.permissions import Actor, Permission
from gui.i18n import Translator
from gui.signature_pad import SignaturePad
from gui.table_model import ROW_ROLE
from gui.tasks import TaskRunner
from gui.widgets import button, label
from resources.i18n import LANGUAGES


class SignDialog(QDialog):
    """The employee signs the pad; the language chooses the agreement's version."""

    def __init__(self, i18n: Translator, name: str, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        tr = i18n.tr
        self.setWindowTitle(tr("Sign at the desk"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        heading = label("title")
        heading.setText(f"{name} — {tr(KIND_TEXT[Kind(kind)])}")
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.pad = SignaturePad()
        self.pad.setMinimumSize(420, 160)
        self.pad.set_placeholder(tr("Sign here"))
        self.sign = button("primary")
        self.sign.setText(tr("Sign"))
        self.sign.setEnabled(False)
        self.pad.changed.connect(lambda: self.sign.setEnabled(not self.pad.is_empty()))
        self.sign.clicked.connect(self.accept)
        cancel = button()
        cancel.setText(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        row_layout = QHBoxLayout()
        row_layout.addWidget(cancel)
        row_layout.addStretch(1)
        row_layout.addWidget(self.sign)
        for widget in (heading, self.language, self.pad):
            layout.addWidget(widget)
        layout.addLayout(row_layout)


class AgreementsTab(DeskTab):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(app, runner, i18n, actor, parent)
        self._loads = 0
        self.dialog: SignDialog | None = None
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.site = SiteChoiceBox(app, runner, actor, Permission.MANAGE_AGREEMENTS, self.failed)
        self.site.chosen.connect(self.refresh)
        self.kind, self.state, self.person = (QComboBox() for _ in range(3))
        filters.addWidget(self.site)
        for choice in (self.kind, self.state, self.person):
            choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(choice)
            choice.currentIndexChanged.connect(lambda _i: self.refresh())
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = AgreementsModel(i18n, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.export, self.verify, self.sign, self.upload = (button() for _ in range(4))
        self.new_version = button()
        self.new_version.clicked.connect(self._ask_publish)
        self.publisher: PublishDialog | None = None
        self.export.clicked.connect(self._ask_export)
        self.verify.clicked.connect(self._verify)
        self.sign.clicked.connect(self._ask_sign)
        self.upload.clicked.connect(self._ask_upload)
        for widget in (self.export, self.verify, self.sign, self.upload):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.new_version)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.retranslate_ui()
        self._update_buttons()
        i18n.languageChanged.connect(self.retranslate_ui)

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        site = self.site.currentData()
        if site is None:
            return
        self._loads += 1
        load = self._loads
        state = self.state.currentData()
        self.run(
            agreement_status,
            site,
            self.kind.currentData(),
            [State(state)] if state else None,
            self.person.currentData(),
            on_done=lambda rows: self._loaded(load, rows),
        )

    def _loaded(self, load: int, rows: list[StatusRow]) -> None:
        if load == self._loads:
            self.model.set_rows(rows)
            self._update_buttons()

    def selected(self) -> StatusRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.verify.setEnabled(row is not None and row.signature_id is not None)
        signer = row is not None and row.person_type == "employee"
        self.sign.setEnabled(signer)
        self.upload.setEnabled(signer)
        self.export.setEnabled(bool(self.model.rows))

    # -- acts ---------------------------------------------------------------------------------

    def _ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.i18n.tr("Export CSV"), "agreements.csv", "CSV (*.csv)"
        )
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> None:
        self.runner.run(
            save_file,
            path,
            status_csv(self.model.rows),
            on_done=lambda done: self.status.setText(
                self.i18n.tr("Saved {count} rows to {path}.", count=len(self.model.rows), path=done)
            ),
            on_error=self.failed,
        )

    def _verify(self) -> None:
        row = self.selected()
        if row is None or row.signature_id is None:
            return
        self.run(
            verify_signature,
            row.signature_id,
            on_done=lambda result: self.status.setText(self.i18n.render(result.message)),
        )

    def _ask_sign(self) -> None:
        row = self.selected()
        if row is None or self.dialog is not None:
            return
        self.dialog = SignDialog(self.i18n, row.name, row.kind, self)
        self.dialog.finished.connect(lambda result: self._signed_dialog(row, result))
        self.dialog.open()

    def _signed_dialog(self, row: StatusRow, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or result != QDialog.DialogCode.Accepted:
            return
        self.runner.run(
            sign_current,
            self.app,
            self.actor,
            row.person_id,
            row.kind,
            dialog.language.currentData(),
            dialog.pad.to_png(),
            on_done=self._filed,
            on_error=self.failed,
        )

    def _ask_publish(self) -> None:
        if self.publisher is not None:
            return
        self.publisher = PublishDialog(self.app, self.runner, self.i18n, self.actor, self)
        self.publisher.published.connect(self._published)
        self.publisher.finished.connect(lambda _r: setattr(self, "publisher", None))
        self.publisher.open()

    def _published(self, text: AgreementText) -> None:
        self.status.setText(
            self.i18n.tr("Version {version} is now the one to sign.", version=text.version)
        )
        self.refresh()

    def _ask_upload(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.i18n.tr("File a signed copy"), "", "PDF (*.pdf)"
        )
        if path:
            self.file_copy(path, "en")

    def file_copy(self, path: str, language: str) -> None:
        row = self.selected()
        if row is None:
            return
        self.runner.run(
            file_current, self.app, self.actor, row.person_id, row.kind, language, path,
            on_done=self._filed, on_error=self.failed,
        )  # fmt: skip

    def _filed(self, signed: Signed) -> None:
        self.status.setText(
            self.i18n.tr("Signed and archived (version {version}).", version=signed.version)
        )
        self.refresh()

    def retranslate_ui(self, _language: str = "") -> None:
        tr = self.i18n.tr
        for choice, everything, items in (
            (self.kind, N_("All agreements"), [(k.value, KIND_TEXT[k]) for k in Kind]),
            (self.state, N_("Every state"), [(s.value, STATE_TEXT[s]) for s in State]),
            (self.person, N_("Everyone"), [("employee", N_("Staff")),
                                            ("visitor", PERSON_TEXT["visitor"])]),
        ):  # fmt: skip
            chosen = max(choice.currentIndex(), 0)
            choice.blockSignals(True)
            choice.clear()
            choice.addItem(tr(everything), None)
            for value, text in items:
                choice.addItem(tr(text), value)
            choice.setCurrentIndex(chosen)
            choice.blockSignals(False)
        self.export.setText(tr("Export CSV…"))
        self.verify.setText(tr("Verify the archived copy"))
        self.sign.setText(tr("Sign at the desk…"))
        self.upload.setText(tr("File a signed copy…"))
        self.new_version.setText(tr("Publish a new version…"))
