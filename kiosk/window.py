"""The kiosk window: one screen at a time, the visitor's way through them, and the lockdown.

Start -> privacy notice -> walk-in form -> carried media -> photo (with a camera) ->
agreement (when there is one) -> finish -> Start.
At Start a scanned code (camera or keyboard-wedge reader) is acted on: a badge checks its
holder out (K10); an ID document starts the walk-in with the name filled in (K4).
Idle for too long, or finished: every screen forgets what the visitor entered (K12).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from core.agreements import NdaStep, nda_step
from core.checkout import CheckOutResult
from core.errors import ValidationFailed, VartioError
from core.invitations import PROBLEM_TEXT, InvitationLookup, invited_nda_step
from core.messages import N_, Message
from core.scans import ScanKind, read_scan
from forms.render import default_renderer
from gui.camera import CameraState
from gui.idle import IdleWatcher
from gui.outbox import OutboxPump
from gui.style import kiosk_stylesheet
from gui.wedge import WedgeReader
from kiosk.actions import (
    Finished,
    check_in_and_print,
    check_in_invited_and_print,
    use_token,
)
from kiosk.context import Kiosk
from kiosk.guard import GUARD_MODE, GuardDialog
from kiosk.screens.agreement import AgreementScreen
from kiosk.screens.base import Screen
from kiosk.screens.finish import FinishScreen
from kiosk.screens.guard_mode import GuardScreen
from kiosk.screens.id_step import OFF, REQUIRED, IdScreen
from kiosk.screens.invited import InvitedScreen
from kiosk.screens.media import MediaScreen
from kiosk.screens.notice import NoticeScreen
from kiosk.screens.photo import PhotoScreen
from kiosk.screens.privacy import PrivacyScreen
from kiosk.screens.start import StartScreen
from kiosk.screens.walk_in import WalkInScreen
from resources.i18n import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)
WARM_AFTER_MS = 500
UNEXPECTED = Message(N_("Something went wrong on our side."))
NOT_OURS = Message(N_("This is not a code Vartio knows."))


class KioskWindow(QWidget):
    def __init__(self, kiosk: Kiosk, idle_seconds: float = 90, locked: bool = True) -> None:
        super().__init__()
        self.k = kiosk
        self.locked = locked
        self._released = False
        self._asking: Screen | None = None  # the screen that asked for the agreement
        self._invitation: str | None = None  # the token of the invited visitor's QR code (K3)
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(kiosk_stylesheet(self))
        if locked:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)

        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Full screen decides the size; the content must not resize the window as it changes.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.stack)
        self.start = StartScreen(kiosk)
        self.privacy = PrivacyScreen(kiosk)
        self.walk_in = WalkInScreen(kiosk)
        self.invited = InvitedScreen(kiosk)
        self.id_step = IdScreen(kiosk)
        self.media = MediaScreen(kiosk)
        self.photo = PhotoScreen(kiosk)
        self.agreement = AgreementScreen(kiosk)
        self.finish = FinishScreen(kiosk)
        self.notice = NoticeScreen(kiosk)
        self.guard_mode = GuardScreen(kiosk)
        self.screens: list[Screen] = [
            self.start,
            self.privacy,
            self.walk_in,
            self.invited,
            self.id_step,
            self.media,
            self.photo,
            self.agreement,
            self.finish,
            self.notice,
            self.guard_mode,
        ]
        for screen in self.screens:
            self.stack.addWidget(screen)
        self.guard_dialog: GuardDialog | None = None

        self.start.checkInRequested.connect(lambda: self._show(self.privacy))
        self.start.staffRequested.connect(self.ask_guard)
        self.privacy.backRequested.connect(lambda: self._show(self.start))
        self.privacy.continueRequested.connect(lambda: self._show(self.walk_in))
        self.walk_in.backRequested.connect(lambda: self._show(self.privacy))
        self.walk_in.nextRequested.connect(self._after_form)
        self.invited.notMeRequested.connect(self.reset_all)
        self.invited.confirmed.connect(self._after_form)
        self.id_step.backRequested.connect(lambda: self._show(self._form))
        self.id_step.nextRequested.connect(self._after_id)
        self.media.backRequested.connect(self._before_media)
        self.media.nextRequested.connect(self._after_media)
        self.photo.backRequested.connect(lambda: self._show(self.media))
        self.photo.nextRequested.connect(self._load_agreement)
        self.agreement.backRequested.connect(lambda: self._show(self._asking or self.media))
        self.agreement.signed.connect(lambda: self._submit(with_agreement=True))
        self.finish.finished.connect(self.reset_all)
        self.notice.finished.connect(self.reset_all)
        self.guard_mode.leaveRequested.connect(self.reset_all)
        self.guard_mode.scanningChanged.connect(self._update_scanning)
        kiosk.i18n.languageChanged.connect(self.retranslate_ui)

        # Codes are read only at Start, where no text field could catch a scanner's typing.
        self.wedge = WedgeReader(self)
        self.wedge.scanned.connect(self.scanned)
        QApplication.instance().installEventFilter(self.wedge)
        kiosk.camera.decoded.connect(lambda _format, text: self.scanned(text))
        self.stack.currentChanged.connect(lambda _index: self._update_scanning())
        self.scanning = False
        kiosk.camera.start()
        self._update_scanning()

        self.outbox = OutboxPump(kiosk.app, kiosk.printer, kiosk.mailer, parent=self)
        self.outbox.start()
        # The first badge and NDA should not pay WeasyPrint's start-up (~1 s) while a visitor
        # waits: warm the renderer in the background once the first screen is up.
        QTimer.singleShot(
            WARM_AFTER_MS,
            lambda: kiosk.runner.run(default_renderer().warm, on_error=lambda _exc: None),
        )

        self.idle = IdleWatcher(idle_seconds, self)
        self.idle.timedOut.connect(self.reset_all)
        self.retranslate_ui()

    # -- the way through ------------------------------------------------------------------------

    def _show(self, screen: Screen) -> None:
        self.stack.setCurrentWidget(screen)

    def _update_scanning(self) -> None:
        current = self.stack.currentWidget()
        wanted = current in (self.start, self.id_step) or (
            current is self.guard_mode and self.guard_mode.wants_scans
        )
        self.scanning = wanted and self.guard_dialog is None and not self._released
        self.wedge.set_enabled(self.scanning)
        self.k.camera.set_scanning(self.scanning)
        self.k.camera.set_preview(self.stack.currentWidget() is self.photo and not self._released)

    # -- scans ----------------------------------------------------------------------------------

    def scanned(self, text: str) -> None:
        """A code read by the camera or a keyboard-wedge reader: at Start (badge, invitation or
        ID), on the ID step, or in guard mode."""
        if not self.scanning:
            return
        if self.stack.currentWidget() is self.guard_mode:
            self.guard_mode.scanned(text)
            return
        scan = read_scan(text)
        if self.stack.currentWidget() is self.id_step:
            self.id_step.show_result(scan.id_result)
            return
        if scan.kind is ScanKind.TOKEN and scan.token is not None:
            self.notice.show_working()
            self._show(self.notice)
            token = scan.token
            self.k.runner.run(
                use_token,
                self.k.app,
                self.k.actor,
                token,
                on_done=lambda outcome: self._token_used(token, outcome),
                on_error=self._token_failed,
            )
        elif scan.kind is ScanKind.ID_DOCUMENT and scan.id_result is not None:
            # The privacy notice still comes before anything is kept (K2).
            self.walk_in.use_id(scan.id_result)
            self._show(self.privacy)
        else:
            self.notice.show_problem(NOT_OURS)
            self._show(self.notice)

    def _token_used(self, token: str, outcome: CheckOutResult | InvitationLookup) -> None:
        if isinstance(outcome, CheckOutResult):
            self.notice.show_checked_out(outcome)
        elif outcome.preview is not None:
            self._invitation = token
            self.invited.show_preview(outcome.preview)
            self._show(self.invited)
        elif outcome.problem is not None:
            self.notice.show_problem(Message(PROBLEM_TEXT[outcome.problem]))

    def _token_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, VartioError):
            log.error("using a scanned token failed", exc_info=exc)
        self.notice.show_problem(exc.message if isinstance(exc, VartioError) else UNEXPECTED)

    @property
    def _form(self) -> Screen:
        """Where this visitor's details are: the invitation, or the walk-in form."""
        return self.invited if self._invitation else self.walk_in

    def _id_step_wanted(self) -> bool:
        """Per the site's policy, unless an ID was already read at Start (K4). An invited
        visitor, vetted by whoever invited them, is asked only where an ID is required, so
        that a confirmed invitation is a few taps from the badge (K3)."""
        policy = self.k.site.id_policy
        if policy == OFF or (self._invitation and policy != REQUIRED):
            return False
        return not self.walk_in.has_id or self.id_step.result is not None

    def _after_form(self) -> None:
        self._show(self.id_step if self._id_step_wanted() else self.media)

    def _after_id(self) -> None:
        self.walk_in.set_id(self.id_step.result)
        self._show(self.media)

    def _before_media(self) -> None:
        self._show(self.id_step if self._id_step_wanted() else self._form)

    def _forward(self, screen: Screen) -> QPushButton:
        return self.photo.take if screen is self.photo else self.media.next

    def _after_media(self) -> None:
        """A photo is offered only when there is a camera to take it (K5)."""
        if self.k.camera.state is CameraState.UNAVAILABLE:
            self._load_agreement()
        else:
            self._show(self.photo)

    def _load_agreement(self) -> None:
        self._asking = self.stack.currentWidget()
        self._forward(self._asking).setEnabled(False)  # one tap, one request
        if self._invitation:
            self.k.runner.run(
                invited_nda_step,
                self.k.app.uow(),
                self.k.actor,
                self._invitation,
                self.k.i18n.language,
                on_done=self._agreement_loaded,
                on_error=self._failed,
            )
            return
        form = self.walk_in.edits
        self.k.runner.run(
            nda_step,
            self.k.app.uow(),
            self.k.actor,
            self.k.i18n.language,
            form["first_name"].text(),
            form["last_name"].text(),
            form["email"].text(),
            on_done=self._agreement_loaded,
            on_error=self._failed,
        )

    def _agreement_loaded(self, step: NdaStep) -> None:
        asking = self._asking
        self._forward(asking).setEnabled(True)
        if self.stack.currentWidget() is not asking:
            return  # the visitor went back meanwhile
        agreement = step.agreement
        if agreement is None:  # none in use, or signed before and still valid (K6)
            self._submit(
                with_agreement=False,
                on_file=step.on_file.signature_id if step.on_file else None,
            )
            return
        if self.agreement.agreement != agreement:
            self.agreement.set_agreement(agreement)
        self._show(self.agreement)

    def _submit(self, with_agreement: bool, on_file: str | None = None) -> None:
        agreement = self.agreement.agreement if with_agreement else None
        request = self.walk_in.request(
            nda_on_file=on_file,
            nda_template_id=agreement.template_id if agreement else None,
            signature_png=self.agreement.signature_png() if agreement else None,
            photo_png=self.photo.photo_png,
            carried_media=self.media.carried(),
        )
        self.finish.show_working()
        self._show(self.finish)
        self.idle.pause()
        if self._invitation:
            work, args = check_in_invited_and_print, (self._invitation, request)
        else:
            work, args = check_in_and_print, (request,)
        self.k.runner.run(
            work,
            self.k.app,
            self.k.actor,
            self.k.printer,
            *args,
            on_done=self._checked_in,
            on_error=self._failed,
        )

    def _checked_in(self, outcome: Finished) -> None:
        self.idle.resume()
        self.finish.show_done(outcome)
        self.outbox.nudge()  # the host's e-mail, without keeping the visitor waiting

    def _failed(self, exc: BaseException) -> None:
        self.idle.resume()
        for forward in (self.walk_in.next, self.media.next, self.photo.take):
            forward.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.walk_in.show_errors(exc.errors)
            form_fields = set(self.walk_in.error_labels)
            if form_fields & set(exc.errors):
                self._show(self.walk_in)
                return
            if "signature" in exc.errors and self.agreement.agreement is not None:
                self.agreement.pad.clear()
                self._show(self.agreement)
                return
        message = exc.message if isinstance(exc, VartioError) else UNEXPECTED
        self.finish.show_failed(message)
        self._show(self.finish)

    # -- duties ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.k.i18n.tr("Visitor check-in"))
        for screen in self.screens:
            screen.retranslate_ui()
        if self.guard_dialog is not None:
            self.guard_dialog.retranslate_ui()

    def reset_all(self) -> None:
        """Forget the visitor: results on their way, every field, the signature; back to Start."""
        self.k.runner.forget()
        self.k.camera.forget()
        self._invitation = None
        if self.guard_dialog is not None:
            self.guard_dialog.reject()
        for screen in self.screens:
            screen.reset()
        self.walk_in.next.setEnabled(True)
        self.k.i18n.set_language(DEFAULT_LANGUAGE)
        self.start.reset()
        self._show(self.start)
        self.idle.resume()

    # -- lockdown -------------------------------------------------------------------------------

    def ask_guard(self) -> None:
        if self.guard_dialog is not None:
            return
        self.guard_dialog = GuardDialog(self.k, self)
        self.guard_dialog.setStyleSheet(self.styleSheet())
        self.guard_dialog.finished.connect(self._guard_answered)
        self.guard_dialog.open()
        self._update_scanning()

    def _guard_answered(self, result: int) -> None:
        dialog, self.guard_dialog = self.guard_dialog, None
        self._update_scanning()
        if dialog is not None:
            dialog.deleteLater()
        if result != GuardDialog.DialogCode.Accepted or dialog is None:
            return
        if dialog.choice == GUARD_MODE and dialog.actor is not None:
            self.guard_mode.enter(dialog.actor)
            self._show(self.guard_mode)
            return
        self.release()
        self.close()

    def release(self) -> None:
        """Stop being a kiosk: no idle timer, no lock, no work left running."""
        self.locked = False
        self._released = True
        self._update_scanning()
        QApplication.instance().removeEventFilter(self.wedge)
        self.k.camera.stop()
        self.outbox.stop()
        self.idle.stop()
        self.finish.reset()
        self.k.runner.shutdown()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.locked and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked:
            event.ignore()  # Alt+F4 and the window manager's close do nothing in kiosk mode
            return
        self.release()
        super().closeEvent(event)
