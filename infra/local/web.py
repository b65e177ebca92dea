"""Serves the citizen web app's build (`web/dist`) on the API's origin, as CloudFront does in the cloud.

- `/config.json`: what the app reads at start (API base, user pool, region), made from the runner's outputs.
- `/v1/docs`: Swagger UI, shipped inside the build (no CDN).
- Any other path outside the API (`/v1/`, `/open311/`, `/local/`): the file if the build has it, else
  `index.html` (the app routes on the client: `/r/PA-XXXX-XXXX` must open the track page).
HTML goes out with a strict Content-Security-Policy: scripts and styles from this origin only; the only
other origin is the AWS emulator, where photos are uploaded (presigned POST) and shown (presigned GET).
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra import web_policy

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"
API_PREFIXES = ("/v1/", "/open311/", "/local/")
DOCS = "/v1/docs"

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}

Answer = tuple[int, bytes, dict[str, str]]


def content_security_policy(aws_endpoint: str, tiles_url: str | None = None) -> str:
    """Locally the emulator is the API's AWS, the photo bucket and Cognito; plain http, so no upgrade."""
    images = [aws_endpoint, *([_origin(tiles_url)] if tiles_url else [])]
    return web_policy.content_security_policy(
        images=images, connect=[aws_endpoint], upgrade_insecure_requests=False
    )


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}"


def owns(path: str) -> bool:
    """Whether a GET of this path is the web app's rather than the API's."""
    if path in ("/config.json", DOCS) or path.startswith(DOCS + "/"):
        return True
    return not path.startswith(API_PREFIXES)


@dataclass
class WebApp:
    config: dict[str, Any]
    csp: str
    dist: Path = DIST

    def serve(self, path: str) -> Answer:
        if path == "/config.json":
            body = json.dumps(self.config, ensure_ascii=False).encode()
            return 200, body, {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache"}
        if not (self.dist / "index.html").is_file():
            return self._not_built()
        if path in (DOCS, DOCS + "/"):
            path = DOCS + "/index.html"
        file = self._file(path)
        if file is not None:
            return self._send_file(file)
        if path.startswith(("/assets/", DOCS + "/")) or Path(path).suffix not in ("", ".html"):
            return 404, b"Not found", {"Content-Type": "text/plain; charset=utf-8"}
        return self._send_file(self.dist / "index.html")  # the app's own routes

    def _file(self, path: str) -> Path | None:
        relative = path.lstrip("/")
        if not relative:
            return None
        candidate = (self.dist / relative).resolve()
        if not candidate.is_relative_to(self.dist.resolve()) or not candidate.is_file():
            return None
        return candidate

    def _send_file(self, file: Path) -> Answer:
        guessed = mimetypes.guess_type(file.name)[0]
        content_type = TYPES.get(file.suffix) or guessed or "application/octet-stream"
        headers = {"Content-Type": content_type, "X-Content-Type-Options": "nosniff"}
        relative = file.relative_to(self.dist.resolve()).as_posix()
        if relative.startswith("assets/"):
            headers["Cache-Control"] = "public, max-age=31536000, immutable"  # hashed names
        else:
            headers["Cache-Control"] = "no-cache"
        if file.suffix == ".html":
            headers.update(
                {
                    "Content-Security-Policy": self.csp,
                    "Referrer-Policy": "strict-origin-when-cross-origin",
                    "X-Frame-Options": "DENY",
                    "Permissions-Policy": "geolocation=(self), camera=(self)",
                }
            )
        return 200, file.read_bytes(), headers

    def _not_built(self) -> Answer:
        page = (
            b"<!doctype html><meta charset=utf-8><title>Web app not built</title>"
            b"<p>The web app is not built: run <code>make run</code> (or <code>npm run build</code> in "
            b"<code>web/</code>).</p>"
        )
        return 503, page, {"Content-Type": "text/html; charset=utf-8"}
