"""The renderer can be warmed ahead of the first document, from another thread."""

import threading

from forms.bench import sample_badge
from forms.render import Renderer


def test_warming_prepares_what_the_first_document_would_otherwise_pay_for():
    renderer = Renderer()
    worker = threading.Thread(target=renderer.warm)
    worker.start()
    worker.join()
    assert renderer._css.keys() == {"badge.css", "nda.css"} and renderer._fonts is not None
    parsed = dict(renderer._css)
    assert renderer.badge(sample_badge()).startswith(b"%PDF")
    assert renderer._css == parsed  # the badge used the stylesheet parsed while warming
