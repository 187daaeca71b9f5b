"""K3: the pre-registered visitor's visit, found by the invitation's QR code, to confirm with
one tap. Nothing is typed: who they are and whom they visit were given when they were invited.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal

from core.checkin import PURPOSE_LABELS
from core.invitations import InvitationPreview
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label


class InvitedScreen(Screen):
    notMeRequested = Signal()
    confirmed = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self._preview: InvitationPreview | None = None
        self.layout().removeWidget(self.title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.title)
        self.lines = []
        for role in ("lead", "strong", "lead"):
            line = label(role)
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.addWidget(line)
            self.lines.append(line)
        self.body.addStretch(1)
        self.not_me = button()
        self.not_me.clicked.connect(self.notMeRequested)
        self.confirm = button("primary")
        self.confirm.setMinimumWidth(mm_to_px(self, 70))
        self.confirm.clicked.connect(self.confirmed)
        self.buttons.addWidget(self.not_me)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.confirm)
        self.reset()

    @property
    def preview(self) -> InvitationPreview | None:
        return self._preview

    def show_preview(self, preview: InvitationPreview) -> None:
        self._preview = preview
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        preview = self._preview
        self.not_me.setText(tr("This is not me"))
        self.confirm.setText(tr("Confirm and check in"))
        if preview is None:
            self.title.setText("")
            for line in self.lines:
                line.setText("")
            return
        zone = ZoneInfo(preview.timezone)
        start, end = preview.expected_start.astimezone(zone), preview.expected_end.astimezone(zone)
        self.title.setText(tr("Welcome, {first_name}.", first_name=preview.visitor_first_name))
        self.lines[0].setText(tr("You are expected by"))
        self.lines[1].setText(preview.host_name)
        self.lines[2].setText(
            tr(
                "{purpose}, {date} {start}–{end}",
                purpose=tr(PURPOSE_LABELS.get(preview.purpose, preview.purpose)),
                date=self.k.i18n.format_date(start.date()),
                start=f"{start:%H:%M}",
                end=f"{end:%H:%M}",
            )
        )

    def reset(self) -> None:
        self._preview = None
        self.retranslate_ui()
