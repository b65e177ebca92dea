"""Where the build reads its inputs and stages its outputs."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS_DIR = REPO_ROOT / "requirements"
STAGING_DIR = REPO_ROOT / ".build" / "assets"
