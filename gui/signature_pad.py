"""A pad to sign on with a finger (touch) or a mouse; the strokes become a cropped PNG."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.style import ACCENT, INK, LINE, mm_to_px

# A stray touch is not a signature: the strokes together must be at least this long.
MIN_INK_MM = 12.0
PEN_MM = 0.8
PNG_MAX_WIDTH = 800  # enough for the signed PDF; keeps the stored image small


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self._placeholder = ""
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(mm_to_px(self, 35))
        self.setCursor(Qt.CursorShape.CrossCursor)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def is_empty(self) -> bool:
        return self._ink_length() < mm_to_px(self, MIN_INK_MM)

    def clear(self) -> None:
        had_ink = bool(self._strokes)
        self._strokes = []
        self._drawing = False
        self.update()
        if had_ink:
            self.changed.emit()

    def to_png(self) -> bytes:
        """The signature on white, cropped to the ink with a small margin."""
        if not self._strokes:
            raise ValueError("nothing has been drawn")
        pen = self._pen()
        margin = pen.widthF() * 2
        box = self._path().boundingRect().adjusted(-margin, -margin, margin, margin)
        scale = min(1.0, PNG_MAX_WIDTH / max(box.width(), 1.0))
        image = QImage(
            max(1, round(box.width() * scale)),
            max(1, round(box.height() * scale)),
            QImage.Format.Format_RGB32,
        )
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-box.topLeft())
        painter.setPen(pen)
        painter.drawPath(self._path())
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    # -- input -------------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event) -> None:
        if self._drawing and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def event(self, event) -> bool:
        # Accepting touch events stops Qt from also synthesising mouse events for them.
        kind = event.type()
        if kind in (event.Type.TouchBegin, event.Type.TouchUpdate, event.Type.TouchEnd):
            if not self.isEnabled():
                return False
            points = event.points()
            if points:
                position = points[0].position()
                if kind == event.Type.TouchBegin:
                    self._begin(position)
                else:
                    self._extend(position)
                    if kind == event.Type.TouchEnd:
                        self._end()
            event.accept()
            return True
        if kind == event.Type.TouchCancel:
            self._end()
            return True
        return super().event(event)

    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([QPointF(point)])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(QPointF(point))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    # -- drawing -----------------------------------------------------------------------------

    def _pen(self) -> QPen:
        pen = QPen(QColor(INK), max(2.0, float(mm_to_px(self, PEN_MM))))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _path(self) -> QPainterPath:
        path = QPainterPath()
        for stroke in self._strokes:
            path.moveTo(stroke[0])
            if len(stroke) == 1:
                path.lineTo(stroke[0] + QPointF(0.1, 0.1))  # a dot
            for point in stroke[1:]:
                path.lineTo(point)
        return path

    def _ink_length(self) -> float:
        total = 0.0
        for stroke in self._strokes:
            for a, b in itertools.pairwise(stroke):
                total += (b - a).manhattanLength()
        return total

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.fillRect(rect, QColor("white") if self.isEnabled() else QColor("#e5e7eb"))
        frame = QPen(QColor(ACCENT if self.isEnabled() else LINE), 2)
        painter.setPen(frame)
        painter.drawRoundedRect(rect, 6, 6)
        baseline = rect.bottom() - rect.height() * 0.25
        painter.setPen(QPen(QColor(LINE), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left() + 24, baseline), QPointF(rect.right() - 24, baseline))
        if self._strokes:
            painter.setPen(self._pen())
            painter.drawPath(self._path())
        elif self._placeholder:
            painter.setPen(QColor(LINE))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._placeholder)
        painter.end()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.EnabledChange:
            self.update()
        super().changeEvent(event)
