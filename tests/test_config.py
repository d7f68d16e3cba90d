"""Streamlit's settings as `streamlit run` reads them from .streamlit/config.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def effective_settings() -> dict[str, str]:
    """`streamlit config show` in the project: what a server started here would use."""
    streamlit = Path(sys.executable).parent / "streamlit"
    shown = subprocess.run(
        [str(streamlit), "config", "show"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    settings, section = {}, ""
    for line in shown.splitlines():
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif " = " in line and not line.startswith("#"):
            key, value = line.split(" = ", 1)
            settings[f"{section}.{key}"] = value
    return settings


def test_the_server_accepts_no_upload_over_the_apps_own_limit_of_1_mb():
    settings = effective_settings()
    assert settings["server.maxUploadSize"] == "1"
    assert settings["client.showErrorDetails"] == '"none"'
