"""K4: show an ID, per the site's policy: "required", "optional" (a Skip button) or "off" (this
screen is never shown). A passport or ID card goes on the MRZ reader, a driving licence's
barcode to the camera or scanner. A document that fails a check is said plainly and the
visitor goes on; reception is alerted and checks it by hand — never a dead end.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from core.idparse import IdResult
from gui.camera import CameraState
from gui.camera_view import CameraView
from gui.i18n import Translator
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label, set_flag

REQUIRED, OPTIONAL, OFF = "required", "optional", "off"


def id_problem(i18n: Translator, result: IdResult) -> str:
    """What is wrong with an ID, and that the visitor may go on all the same (K4)."""
    problems = " ".join(i18n.render(m) for m in result.errors)
    return i18n.tr(
        "Your ID could not be verified: {problems} You can go on; reception will check your ID.",
        problems=problems,
    )


class IdScreen(Screen):
    backRequested = Signal()
    nextRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self._result: IdResult | None = None
        self._not_an_id = False
        self.lead = label("lead")
        self.body.addWidget(self.lead)
        self.view = CameraView()
        self.view.setFixedSize(mm_to_px(self, 80), mm_to_px(self, 45))
        kiosk.camera.frameReady.connect(self._frame)
        self.body.addWidget(self.view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.status = label("strong")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.status)
        self.body.addStretch(1)

        self.back = button()
        self.back.clicked.connect(self.backRequested)
        self.without = button()
        self.without.clicked.connect(self._go_without)
        self.next = button("primary")
        self.next.clicked.connect(self.nextRequested)
        self.buttons.addWidget(self.back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.without)
        self.buttons.addWidget(self.next)
        self.reset()

    @property
    def required(self) -> bool:
        return self.k.site.id_policy == REQUIRED

    @property
    def result(self) -> IdResult | None:
        return self._result

    def show_result(self, result: IdResult | None) -> None:
        """An ID read here, or None: what was read is not an ID document."""
        self._result, self._not_an_id = result, result is None
        self._refresh()

    def _frame(self, image: object) -> None:
        if self.isVisible():
            self.view.show_frame(image)  # type: ignore[arg-type]

    def _go_without(self) -> None:
        self._result = None
        self.nextRequested.emit()

    def _refresh(self) -> None:
        tr = self.k.i18n.tr
        result = self._result
        if result is None:
            text = tr("This is not an ID document. Please try again.") if self._not_an_id else ""
        elif result.ok:
            text = tr("Thank you, your ID was read and checked.")
        else:
            text = id_problem(self.k.i18n, result)
        self.status.setText(text)
        set_flag(self.status, "problem", self._not_an_id or (result is not None and not result.ok))
        self.next.setVisible(result is not None)
        self.without.setText(tr("I have no ID with me") if self.required else tr("Skip"))

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("Please show your ID"))
        self.lead.setText(
            tr(
                "Put your passport or ID card, photo page down, on the reader, or show the "
                "barcode on the back of your driving licence to the camera."
            )
        )
        self.view.set_placeholder(
            tr("No camera here. Please use the reader.")
            if self.k.camera.state is CameraState.UNAVAILABLE
            else tr("Starting the camera…")
        )
        self.back.setText(tr("Back"))
        self.next.setText(tr("Next"))
        self._refresh()

    def reset(self) -> None:
        self._result, self._not_an_id = None, False
        self.view.clear_picture()
        self.retranslate_ui()
