"""Round trip of the live camera posture check over its WebSocket, against the real server.

Starts `spinecoach serve` on a temporary SQLite file with one patient and an open session of the
hands-and-knees exercise, logs in, and sends the rendered test clip (shared/data/posture), scaled to
480x360 and JPEG-encoded as the page does (quality 0.7), looped, in three ways:

- paced: one frame in flight, at most 12 a second, as static/camera.js sends them; the round trip
  of each frame (send to answer) is the frame-to-feedback latency a person sees (network aside);
- unpaced: one frame in flight, the next sent as soon as the answer comes; shows the server's cap
  of 15 judged frames a second;
- flood: 30 frames a second sent without waiting; the server judges only the newest and drops the
  rest; answers a second and the dropped count.

For comparison, the pose model alone (tracking mode) on the same decoded 480x360 frames, in this
process. Results go to bench/results/posture_socket.json.

    .venv/bin/python bench/posture_socket.py [--frames N]
"""

import argparse
import json
import os
import platform
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

from api_client import login
from bench_database import prepare_event_database
from bench_servers import spinecoach_server
from spinecoach.vision.frames import decode_jpeg
from spinecoach.vision.media import open_video, opencv
from spinecoach.vision.pose import PoseEstimator

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT.parent / "shared" / "data" / "posture" / "clip_hk_head_raised_B_side_right.mp4"
RESULTS = ROOT / "bench" / "results" / "posture_socket.json"
SIZE = (480, 360)
PAGE_INTERVAL = 1 / 12  # static/camera.js: FRAME_INTERVAL
FLOOD_INTERVAL = 1 / 30


def jpeg_frames(count: int) -> list[bytes]:
    cv2 = opencv()
    source = [cv2.cvtColor(f, cv2.COLOR_RGB2BGR) for f in open_video(CLIP).frames()]
    loop = source + source[-2:0:-1]
    out = []
    for i in range(count):
        picture = cv2.resize(loop[i % len(loop)], SIZE, interpolation=cv2.INTER_LINEAR)
        ok, encoded = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 70])
        assert ok
        out.append(bytes(encoded))
    return out


def ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "mean": round(statistics.fmean(values) * 1000, 1),
        "p50": round(ordered[len(ordered) // 2] * 1000, 1),
        "p95": round(ordered[int(len(ordered) * 0.95)] * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def socket_url(port: int, patient_id: int, session_id: int) -> str:
    return f"ws://127.0.0.1:{port}/api/v1/patients/{patient_id}/sessions/{session_id}/posture"


def one_in_flight(ws: ClientConnection, frames: list[bytes], interval: float) -> dict[str, Any]:
    ws.send(frames[0])
    json.loads(ws.recv())  # the first frame finds the person (detection, not tracking): not timed
    trips, postures = [], []
    start = time.perf_counter()
    next_due = start
    for frame in frames:
        wait = next_due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        sent = time.perf_counter()
        next_due = sent + interval
        ws.send(frame)
        answer = json.loads(ws.recv())
        trips.append(time.perf_counter() - sent)
        postures.append(answer.get("posture"))
    elapsed = time.perf_counter() - start
    return {
        "frames": len(frames),
        "frames_per_second": round(len(frames) / elapsed, 1),
        "round_trip_ms": ms(trips),
        "judged_with_a_person": sum(p not in (None, "not-visible") for p in postures),
    }


def flood(ws: ClientConnection, frames: list[bytes]) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                answers.append(json.loads(ws.recv(timeout=1.0)))
            except TimeoutError:
                continue

    reader = threading.Thread(target=read)
    reader.start()
    start = time.perf_counter()
    for i, frame in enumerate(frames):
        wait = start + i * FLOOD_INTERVAL - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        ws.send(frame)
    sent_for = time.perf_counter() - start
    time.sleep(0.5)  # the last answer
    done.set()
    reader.join()
    return {
        "frames_sent": len(frames),
        "sent_per_second": round(len(frames) / sent_for, 1),
        "answers": len(answers),
        "answers_per_second": round(len(answers) / sent_for, 1),
        "dropped_by_server": max((a.get("dropped", 0) for a in answers), default=0),
    }


def model_alone(frames: list[bytes]) -> dict[str, Any]:
    decoded = [decode_jpeg(f) for f in frames]
    times = []
    with PoseEstimator() as model:
        model.estimate(decoded[0])
        for rgb in decoded:
            t0 = time.perf_counter()
            model.estimate(rgb)
            times.append(time.perf_counter() - t0)
    return {"frames": len(decoded), "frames_per_second": round(len(times) / sum(times), 1), "ms": ms(times)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=240)
    args = parser.parse_args()
    frames = jpeg_frames(args.frames)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="spinecoach-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        patient = prepare_event_database(url, 1)[0]
        with spinecoach_server(url, 1, Path(folder) / "server.log") as (port, _):
            token = login(port, patient.email)
            results: dict[str, Any] = {}
            runs: list[tuple[str, Callable[[ClientConnection], dict[str, Any]]]] = [
                ("paced_like_the_page", lambda ws: one_in_flight(ws, frames, PAGE_INTERVAL)),
                ("unpaced_one_in_flight", lambda ws: one_in_flight(ws, frames, 0.0)),
                ("flood_30_per_second", lambda ws: flood(ws, frames)),
            ]
            for name, run in runs:
                url = socket_url(port, patient.patient_id, patient.session_id)
                with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
                    ws.send(json.dumps({"phase": "inhale"}))
                    results[name] = run(ws)
                print(name, json.dumps(results[name]), flush=True)
    results["model_alone_in_process"] = model_alone(frames)
    print("model_alone_in_process", json.dumps(results["model_alone_in_process"]))
    report = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "frame_size": f"{SIZE[0]}x{SIZE[1]}",
        "jpeg_bytes_mean": round(statistics.fmean(len(f) for f in frames)),
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
        **results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
