"""Walk-in form: name, company, contact, host, purpose (K3), checked as the visitor types.

Errors appear next to a field once the visitor has been in it, or for every field when
"Next" is pressed too early: "Next" looks dimmed until the form is complete but still
answers a tap by saying what is missing, because a dead button tells a hurried visitor
nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.checkin import PURPOSE_LABELS, PURPOSES, WalkInRequest, validate_walk_in
from core.idparse import IdResult, StoredId
from core.messages import Message
from gui.style import mm_to_px
from gui.wipe import wipe
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label, set_flag
from kiosk.screens.host_search import HostSearch
from kiosk.screens.id_step import id_problem

TEXT_FIELDS = {  # field -> (max length, input hints)
    "first_name": (100, Qt.InputMethodHint.ImhNoPredictiveText),
    "last_name": (100, Qt.InputMethodHint.ImhNoPredictiveText),
    "company": (200, Qt.InputMethodHint.ImhNone),
    "email": (254, Qt.InputMethodHint.ImhEmailCharactersOnly),
    "phone": (24, Qt.InputMethodHint.ImhDialableCharactersOnly),
}

PLACEHOLDERS = {"email": "name@example.com", "phone": "+358 40 123 4567"}


class WalkInScreen(Screen):
    backRequested = Signal()
    nextRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self._errors: dict[str, Message] = {}
        self._server_errors: dict[str, Message] = {}
        self._touched: set[str] = set()
        self._show_all = False
        self._id_result: IdResult | None = None

        self.id_note = label("hint")
        self.id_note.setVisible(False)
        self.body.addWidget(self.id_note)
        self.edits: dict[str, QLineEdit] = {}
        self.captions: dict[str, QLabel] = {}
        self.error_labels: dict[str, QLabel] = {}
        left = QVBoxLayout()
        left.setSpacing(mm_to_px(self, 1))
        for name, (max_len, hints) in TEXT_FIELDS.items():
            edit = QLineEdit()
            edit.setMaxLength(max_len)
            edit.setInputMethodHints(hints)
            edit.textEdited.connect(lambda _t, name=name: self._edited(name))
            edit.editingFinished.connect(lambda name=name: self._left(name))
            edit.returnPressed.connect(lambda name=name: self._return_pressed(name))
            edit.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            self.edits[name] = edit
            self._add_field(left, name, edit)
        left.addStretch(1)

        right = QVBoxLayout()
        right.setSpacing(mm_to_px(self, 1))
        self.host = HostSearch(kiosk)
        self.host.changed.connect(lambda: self._edited("host_id"))
        self._add_field(right, "host_id", self.host)
        right.addSpacing(mm_to_px(self, 3))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(mm_to_px(self, 2.5))
        self.purpose_group = QButtonGroup(self)
        self.purpose_buttons: dict[str, QPushButton] = {}
        for index, purpose in enumerate(PURPOSES):
            choice = button()
            choice.setCheckable(True)
            choice.clicked.connect(lambda _checked: self._edited("purpose"))
            self.purpose_group.addButton(choice)
            self.purpose_buttons[purpose] = choice
            grid.addWidget(choice, index // 2, index % 2)
        holder = QWidget()
        holder.setLayout(grid)
        self._add_field(right, "purpose", holder)
        right.addStretch(1)

        columns = QHBoxLayout()
        columns.setSpacing(mm_to_px(self, 12))
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        content = QWidget()
        content.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)

        self.back = button()
        self.back.clicked.connect(self.backRequested)
        self.missing = label("error")
        self.missing.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next = button("primary")
        self.next.clicked.connect(self._next_pressed)
        self.buttons.addWidget(self.back)
        self.buttons.addWidget(self.missing, 1)
        self.buttons.addWidget(self.next)
        self.retranslate_ui()
        self._refresh()

    def _add_field(self, column: QVBoxLayout, name: str, widget: QWidget) -> None:
        caption, error = label("field"), label("error")
        error.setMinimumHeight(mm_to_px(self, 6))  # room kept, so fields do not jump
        caption.setBuddy(widget)
        self.captions[name], self.error_labels[name] = caption, error
        column.addWidget(caption)
        column.addWidget(widget)
        column.addWidget(error)

    # -- what the visitor entered ---------------------------------------------------------------

    def request(
        self,
        nda_template_id: str | None = None,
        signature_png: bytes | None = None,
        photo_png: bytes | None = None,
        carried_media: dict[str, int] | None = None,
        nda_on_file: str | None = None,
    ) -> WalkInRequest:
        host = self.host.host()
        purpose = next((p for p, b in self.purpose_buttons.items() if b.isChecked()), "")
        return WalkInRequest(
            site_id=self.k.site.id,
            language=self.k.i18n.language,
            first_name=self.edits["first_name"].text(),
            last_name=self.edits["last_name"].text(),
            company=self.edits["company"].text(),
            email=self.edits["email"].text(),
            phone=self.edits["phone"].text(),
            host_id=host.id if host else "",
            purpose=purpose,
            nda_template_id=nda_template_id,
            signature_png=signature_png,
            id_document=self.id_document,
            photo_png=photo_png,
            carried_media=carried_media or {},
            nda_on_file=nda_on_file,
        )

    @property
    def id_document(self) -> StoredId | None:
        """What may be kept of the ID shown; nothing where the site collects no IDs."""
        if self._id_result is None or self.k.site.id_policy == "off":
            return None
        return self._id_result.minimum()

    @property
    def has_id(self) -> bool:
        return self._id_result is not None

    def set_id(self, result: IdResult | None) -> None:
        """The ID shown at the ID step (None: none shown); what was typed stays."""
        self._id_result = result
        self._show_id_note()

    def use_id(self, result: IdResult) -> None:
        """An ID document read at Start: fill in the names it carries (MRZ and licences write
        them in capitals) and keep only its storable minimum for the check-in."""
        self.reset()
        self._id_result = result
        for name, value in (("first_name", result.given_names), ("last_name", result.surname)):
            if value:
                self.edits[name].setText(value.title()[: self.edits[name].maxLength()])
                self._touched.add(name)
        self._show_id_note()
        self._refresh()

    def _show_id_note(self) -> None:
        result = self._id_result
        self.id_note.setVisible(result is not None)
        if result is None:
            return
        tr = self.k.i18n.tr
        if result.ok:
            text = tr("Your ID was read. Please check your name and fill in the rest.")
        else:
            text = id_problem(self.k.i18n, result)
        self.id_note.setText(text)
        set_flag(self.id_note, "problem", not result.ok)

    def is_complete(self) -> bool:
        return not self._errors

    def show_errors(self, errors: dict[str, Message]) -> None:
        """Problems found when the check-in was submitted (e.g. the host has just left)."""
        self._server_errors = {k: v for k, v in errors.items() if k in self.error_labels}
        self._show_all = True
        self._refresh()

    # -- reactions ------------------------------------------------------------------------------

    def _edited(self, name: str) -> None:
        self._server_errors.pop(name, None)
        if name in ("host_id", "purpose"):
            self._touched.add(name)
        self._refresh()

    def _left(self, name: str) -> None:
        if self.edits[name].isModified():
            self._touched.add(name)
            self._refresh()

    def _return_pressed(self, name: str) -> None:
        """Return (an on-screen keyboard's or a scanner's) moves on to the next field."""
        names = list(self.edits)
        index = names.index(name)
        following = self.edits[names[index + 1]] if index + 1 < len(names) else self.host.edit
        following.setFocus()

    def _next_pressed(self) -> None:
        if self.is_complete():
            self.nextRequested.emit()
            return
        self._show_all = True
        self._refresh()
        first = next(name for name in self.error_labels if name in self._errors)
        target = self.edits.get(first) or (self.host.edit if first == "host_id" else None)
        if target is not None:
            target.setFocus()

    def _refresh(self) -> None:
        self._errors = {**validate_walk_in(self.request()), **self._server_errors}
        # Contact details are one question: once either is answered, judge both.
        if {"email", "phone"} & self._touched:
            self._touched |= {"email", "phone"}
        for name, error_label in self.error_labels.items():
            message = self._errors.get(name)
            shown = message is not None and (self._show_all or name in self._touched)
            error_label.setText(self.k.i18n.render(message) if shown and message else "")
            if name in self.edits:
                set_flag(self.edits[name], "invalid", shown)
        complete = self.is_complete()
        set_flag(self.next, "ready", complete)
        self.missing.setText(
            "" if complete or not self._show_all else self.k.i18n.tr("Please check the red notes.")
        )

    # -- duties ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("About you and your visit"))
        captions = {
            "first_name": tr("First name"),
            "last_name": tr("Last name"),
            "company": tr("Company (if any)"),
            "email": tr("E-mail"),
            "phone": tr("Phone (if no e-mail)"),
            "host_id": tr("Who are you visiting?"),
            "purpose": tr("Purpose of your visit"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        for purpose, choice in self.purpose_buttons.items():
            choice.setText(tr(PURPOSE_LABELS[purpose]))
        self.host.retranslate_ui()
        self._show_id_note()
        self.back.setText(tr("Back"))
        self.next.setText(tr("Next"))
        self._refresh()

    def reset(self) -> None:
        for edit in self.edits.values():
            wipe(edit)
        self.host.reset()
        self.purpose_group.setExclusive(False)
        for choice in self.purpose_buttons.values():
            choice.setChecked(False)
        self.purpose_group.setExclusive(True)
        self._server_errors = {}
        self._touched = set()
        self._show_all = False
        self._id_result = None
        self._show_id_note()
        self._refresh()
