"""One camera frame sent by the browser: a JPEG picture in memory, decoded in memory, never written.

Before decoding, the picture's size is read from its header: a small file can claim a huge picture,
and decoding that would take the server's memory.
"""

import struct
from typing import Any

from spinecoach.vision.errors import UnreadableMedia
from spinecoach.vision.media import opencv

MAX_FRAME_PIXELS = 1280 * 960  # the page sends 480x360 or less; far above that is not a camera frame
_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's header, without decoding it."""
    if data[:2] != b"\xff\xd8":
        raise UnreadableMedia("frame: not a JPEG picture (send image/jpeg)")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            break
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF_MARKERS and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    raise UnreadableMedia("frame: a JPEG picture without a readable size")


def decode_jpeg(data: bytes) -> Any:
    """The frame as an RGB array (height x width x 3, uint8), decoded in memory."""
    width, height = jpeg_size(data)
    if width * height > MAX_FRAME_PIXELS or width == 0 or height == 0:
        raise UnreadableMedia(
            f"frame: {width}x{height} pixels; send at most {MAX_FRAME_PIXELS} (e.g. 480x360)"
        )
    cv2 = opencv()
    import numpy  # comes with OpenCV, as part of the optional extra

    bgr = cv2.imdecode(numpy.frombuffer(data, dtype=numpy.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise UnreadableMedia("frame: the JPEG picture could not be decoded")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
