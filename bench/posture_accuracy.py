"""How well the camera check names the posture on the rendered test set, image by image.

Reads the landmarks MediaPipe found on every labelled image (shared/data/posture/landmarks.json, so
no model is needed), judges each against its exercise's key posture from the catalog, and prints the
confusion table per exercise and camera view and the precision and recall per fault. With --json it
also writes bench/results/posture_accuracy.json. With --dump it prints every measured value, for
tuning the tolerances.

    .venv/bin/python bench/posture_accuracy.py [--data DIR] [--json] [--dump]
"""

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from spinecoach.catalog import default_catalog
from spinecoach.domain.posture.landmarks import PoseFrame
from spinecoach.domain.posture.rules import CORRECT, NOT_VISIBLE, evaluate, measure_frame
from spinecoach.domain.posture.targets import CameraPosture

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "posture"
RESULTS = ROOT / "bench" / "results" / "posture_accuracy.json"
IMAGE_SIZE = (640, 480)


def view_group(camera: str) -> str:
    return "side" if camera.startswith("side") else camera


def camera_posture(exercise_id: str) -> CameraPosture:
    posture = default_catalog().exercise(exercise_id).key_postures[0].camera
    if posture is None:
        raise SystemExit(f"{exercise_id} has no camera section in its key posture")
    return posture


def judge_all(data: Path) -> list[dict[str, Any]]:
    labels = json.loads((data / "labels.json").read_text())
    landmarks = json.loads((data / "landmarks.json").read_text())
    rows = []
    for label in labels:
        marks = landmarks[label["file"]]
        frame = PoseFrame.of(marks["mp_landmarks"], marks["mp_world_landmarks"], *IMAGE_SIZE)
        posture = camera_posture(label["exercise"])
        result = evaluate(frame, posture)
        measured = measure_frame(frame, posture)
        rows.append(
            {
                "file": label["file"],
                "exercise": label["exercise"],
                "view": view_group(label["camera"]),
                "truth": label["posture"],
                "said": result.posture,
                "checkable": label["posture"] == CORRECT or label["posture"] in posture.faults,
                "estimated_view": None if result.view is None else result.view.value,
                "values": [None if r.value is None else round(r.value, 1) for r in measured.readings],
            }
        )
    return rows


def scores(rows: list[dict[str, Any]]) -> dict[str, dict[str, float | int]]:
    """Precision and recall per label (faults, and `correct` itself)."""
    out: dict[str, dict[str, float | int]] = {}
    for name in sorted({r["truth"] for r in rows}):
        truth = [r for r in rows if r["truth"] == name]
        said = [r for r in rows if r["said"] == name]
        hits = sum(r["said"] == name for r in truth)
        out[name] = {
            "images": len(truth),
            "recall": round(hits / len(truth), 3) if truth else 0.0,
            "precision": round(hits / len(said), 3) if said else 0.0,
            "not_visible": sum(r["said"] == NOT_VISIBLE for r in truth),
            "checkable": all(r["checkable"] for r in truth),
        }
    return out


def confusion(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    table: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for r in rows:
        table[r["exercise"]][f"{r['truth']} @ {r['view']}"][r["said"]] += 1
    return {ex: {k: dict(v) for k, v in sorted(t.items())} for ex, t in sorted(table.items())}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    checkable_faults = [r for r in rows if r["checkable"] and r["truth"] != CORRECT]
    correct = [r for r in rows if r["truth"] == CORRECT]
    return {
        "images": len(rows),
        "checkable_faults_named_right": round(
            sum(r["said"] == r["truth"] for r in checkable_faults) / len(checkable_faults), 3
        ),
        "correct_called_faulty": round(
            sum(r["said"] not in (CORRECT, NOT_VISIBLE) for r in correct) / len(correct), 3
        ),
        "correct_called_not_visible": round(sum(r["said"] == NOT_VISIBLE for r in correct) / len(correct), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--dump", action="store_true", help="print every measured value")
    args = parser.parse_args()
    rows = judge_all(args.data)
    if args.dump:
        for r in sorted(rows, key=lambda r: (r["exercise"], r["truth"], r["view"])):
            mark = " " if r["said"] == r["truth"] else "*"
            print(
                f"{mark} {r['truth']:18} {r['view']:18} {r['said']:18} {r['estimated_view']:8} {r['values']}"
            )
    for exercise, table in confusion(rows).items():
        print(f"\n{exercise}")
        for key, said in table.items():
            print(f"  {key:40} {dict(sorted(said.items()))}")
    print()
    for name, s in scores(rows).items():
        print(f"  {name:18} {s}")
    result = {"summary": summary(rows), "per_label": scores(rows), "confusion": confusion(rows)}
    print(json.dumps(result["summary"], indent=2))
    if args.json:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
