"""K7: storage media and devices a visitor declares carrying in, for the guard to see.

[cn: 杜绝外来磁盘、光盘、U盘带入机房] The equipment room admits no outside disks, discs or
USB sticks; the declaration is what the door check compares against.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.messages import N_, Message

MEDIA_KINDS: dict[str, str] = {
    "usb_stick": N_("USB sticks or memory cards"),
    "external_disk": N_("External hard disks"),
    "optical_disc": N_("CDs or DVDs"),
    "laptop": N_("Laptops or tablets"),
    "other_device": N_("Other devices that store data"),
}
MAX_COUNT = 20


def check_media(carried: Mapping[str, int]) -> Message | None:
    """None when ``carried`` (kind -> count) is a declaration we can keep."""
    for kind, count in carried.items():
        if kind not in MEDIA_KINDS:
            return Message(N_("Please choose from the list of media and devices."))
        if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= MAX_COUNT:
            return Message(
                N_("Please give a number from 1 to {max} for each item."), {"max": MAX_COUNT}
            )
    return None
