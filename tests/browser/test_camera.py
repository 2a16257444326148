"""The camera posture check in real Chromium, whose fake camera plays a rendered test clip.

The clip (shared/data/posture) is converted to a .y4m file in the test's temporary folder; nothing is
committed. Needs the pose model on the server (`pip install 'spinecoach[vision]'`): without it the
test is skipped with the reason shown, except in CI, where it fails.
"""

import importlib.util
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DemoServer, log_in
from tests.browser.test_session import ANNA, pass_the_check, plan_of

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "posture"
CLIP = "clip_hk_head_raised_B_side_right.mp4"  # hands and knees: correct, head raised, correct again
HEAD_RAISED = "Relax your neck and let your head hang down."

if importlib.util.find_spec("mediapipe") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must test the pose model: install the extra, pip install '.[dev,vision]'")
    pytest.skip(
        "CAMERA TEST NOT RUN: mediapipe is not installed: pip install 'spinecoach[vision]'",
        allow_module_level=True,
    )
if not (DATA / CLIP).exists():
    pytest.skip(
        f"CAMERA TEST NOT RUN: the rendered posture test set is not at {DATA}", allow_module_level=True
    )


@pytest.fixture
def camera_video(tmp_path: Path) -> Path:
    """The clip as an uncompressed .y4m (4:2:0), which Chromium's fake camera plays in a loop."""
    import cv2

    capture = cv2.VideoCapture(str(DATA / CLIP))
    fps = round(capture.get(cv2.CAP_PROP_FPS)) or 15
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    assert frames, f"could not decode {CLIP}"
    height, width = frames[0].shape[:2]
    path = tmp_path / "camera.y4m"
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames:
            out.write(b"FRAME\n" + cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
    return path


def painted_pixels(page: Any) -> int:
    return int(
        page.evaluate(
            """() => { const c = document.getElementById("camera-skeleton");
                 const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
        )
    )


def test_the_camera_check_draws_the_skeleton_says_the_correction_and_the_journal_keeps_the_share(
    camera_page: Any, demo_server: DemoServer
) -> None:
    page = camera_page
    page.clock.install()
    log_in(page, demo_server.base, ANNA)
    pass_the_check(page)
    camera = page.locator("#camera")
    assert camera.get_attribute("data-state") == "off"  # off by default
    assert page.locator("#camera-video").is_hidden()

    page.get_by_role("switch", name="Camera posture check").check()
    consent = page.get_by_role("dialog", name="Before the camera starts")
    assert "No picture or video is ever stored" in consent.inner_text()
    assert "this clinic's server" in consent.inner_text()
    page.get_by_role("button", name="Switch the camera on").click()
    page.wait_for_function("document.getElementById('camera').dataset.state === 'on'", timeout=60_000)
    page.wait_for_function(
        "Number(document.getElementById('camera-skeleton').dataset.drawn) > 2", timeout=60_000
    )
    assert painted_pixels(page) > 200  # the skeleton is drawn over the picture
    assert page.evaluate("localStorage.getItem('spinecoach.cameraConsent')") == "yes"

    plan = plan_of(page)
    first_inhale = next(s for s in plan["steps"] if s["kind"] == "inhale")
    page.get_by_role("button", name="Begin").click()
    # the plan's clock starts at the first animation frame after Begin: let one run before the jump
    page.wait_for_function("window.spinecoachPlayer.status() === 'running'")
    page.clock.run_for(50)
    page.clock.fast_forward(int(first_inhale["start"] * 1000) + 300)
    page.locator("#pacer[data-phase='inhale']").wait_for()
    # the clip loops: correct, then its head raised for 1.6 s; the page shows the right correction
    page.locator("#camera-status", has_text=HEAD_RAISED).wait_for(timeout=60_000)
    assert page.locator("#camera").get_attribute("data-posture") == "head_raised"
    page.locator("#camera[data-posture='correct']").wait_for(timeout=60_000)
    assert page.locator("#camera-status").inner_text() == "Your position looks right."
    page.locator("#camera[data-posture='head_raised']").wait_for(timeout=60_000)  # a whole raised stretch

    page.get_by_role("button", name="End the session").click()  # stops the camera and the socket
    page.wait_for_function("document.getElementById('camera').dataset.state === 'off'")
    assert page.evaluate("document.getElementById('camera-video').srcObject") is None
    assert page.get_by_role("switch", name="Camera posture check").is_disabled()
    page.get_by_role("radio", name="Pain 3 of 10").check()
    page.get_by_role("radio", name="Back only").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved in your journal.").wait_for()

    page.get_by_role("link", name="Open the journal").first.click()
    sessions = page.get_by_role("region", name="Sessions")
    headers = [h.strip() for h in sessions.locator("thead th").all_inner_texts()]
    column = headers.index("Correct posture")
    share = sessions.locator("tbody tr").first.locator("td").nth(column).inner_text().strip()
    assert re.fullmatch(r"\d{1,3}%", share), share
    assert 0 < int(share[:-1]) < 100  # the clip is partly correct, partly not
    earlier = sessions.locator("tbody tr").nth(1).locator("td").nth(column).inner_text().strip()
    assert earlier == "–"  # the demo's earlier sessions were done without the camera


def test_a_refused_camera_is_said_plainly_and_the_session_goes_on(page: Any, demo_server: DemoServer) -> None:
    """The ordinary test browser grants no camera: getUserMedia is refused."""
    log_in(page, demo_server.base, ANNA)
    pass_the_check(page)
    page.get_by_role("switch", name="Camera posture check").check()
    page.get_by_role("button", name="Switch the camera on").click()
    notice = page.locator("#camera-notice")
    notice.wait_for()
    assert "The camera could not be used" in notice.inner_text()
    assert "goes on without it" in notice.inner_text()
    assert page.locator("#camera").get_attribute("data-state") == "denied"
    assert not page.get_by_role("switch", name="Camera posture check").is_checked()
    page.get_by_role("button", name="Begin").click()  # the session is not held up
    assert page.get_by_role("button", name="Sharp pain – stop").is_visible()
