"""The pose-model adapter is optional: nothing imports it until it is used, and without it the
command says which extra to install instead of failing with a traceback."""

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from spinecoach.cli.app import app
from spinecoach.vision import media, pose
from spinecoach.vision.errors import VisionUnavailable


def test_the_command_line_does_not_load_the_model_or_opencv_until_asked() -> None:
    code = "import sys, spinecoach.cli.app; print('mediapipe' in sys.modules, 'cv2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on an installation without `spinecoach[vision]`: the two modules cannot be imported."""
    real = importlib.import_module

    def import_module(name: str, package: str | None = None) -> ModuleType:
        if name.split(".")[0] in {"mediapipe", "cv2"}:
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", import_module)


@pytest.mark.usefixtures("no_extra")
def test_without_the_extra_the_adapter_names_it() -> None:
    with pytest.raises(VisionUnavailable, match=r"pip install 'spinecoach\[vision\]'"):
        pose.PoseEstimator()
    with pytest.raises(VisionUnavailable, match=r"pip install 'spinecoach\[vision\]'"):
        media.opencv()


@pytest.mark.usefixtures("no_extra")
def test_without_the_extra_check_video_exits_2_with_the_install_line(tmp_path: Path) -> None:
    picture = tmp_path / "pose.png"
    picture.write_bytes(b"not really a picture")
    result = CliRunner().invoke(app, ["check-video", str(picture), "--exercise", "hands-knees-breathing"])
    assert result.exit_code == 2
    assert "spinecoach[vision]" in result.output and "Traceback" not in result.output
