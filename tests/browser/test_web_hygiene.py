"""What the web app commits: exact versions, a lock file without download addresses, and no registry
address anywhere in the repository (the machine's npm and pip settings say where packages come from)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from tests.e2e.conftest import ROOT

# Spelled in pieces so that this file does not hold the addresses it looks for.
REGISTRY_HOSTS = [
    "registry." + "npmjs." + "org",
    "registry." + "yarnpkg." + "com",
    "registry." + "npmmirror." + "com",
    "pypi." + "org/" + "simple",
    "files." + "pythonhosted." + "org",
    "pypi." + "python." + "org",
]


def committed_files() -> list[str]:
    git = shutil.which("git") or "git"
    listed = subprocess.run(  # noqa: S603 - a fixed git command
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
    )
    return [name for name in listed.stdout.split("\0") if name]


def test_no_committed_file_names_a_package_registry() -> None:
    found = []
    for name in committed_files():
        path = ROOT / name
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore").lower()
        found += [f"{name}: {host}" for host in REGISTRY_HOSTS if host in text]
    assert not found, found


def test_the_web_lock_file_has_integrity_but_no_download_addresses() -> None:
    text = (ROOT / "web" / "package-lock.json").read_text()
    assert "://" not in text, "run `npm run clean:lock` in web/ after changing dependencies"
    lock = json.loads(text)
    packages = {name: entry for name, entry in lock["packages"].items() if name}
    assert packages
    assert not [name for name, entry in packages.items() if "resolved" in entry]
    assert all("integrity" in entry for entry in packages.values() if not entry.get("link"))
    npmrc = (ROOT / "web" / ".npmrc").read_text()
    assert "omit-lockfile-registry-resolved=true" in npmrc and "package-lock=true" in npmrc


def test_the_web_app_pins_exact_versions() -> None:
    manifest = json.loads((ROOT / "web" / "package.json").read_text())
    pins = {**manifest["dependencies"], **manifest["devDependencies"]}
    loose = {name: version for name, version in pins.items() if not re.fullmatch(r"\d+\.\d+\.\d+", version)}
    assert not loose, loose


def test_the_app_never_writes_html_from_strings() -> None:
    """Everything shown goes through Preact's text nodes or DOM text (map popups included)."""
    sinks = ("dangerouslySetInnerHTML", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write")
    found = [
        f"{path.relative_to(ROOT)}: {sink}"
        for path in sorted((ROOT / "web" / "src").rglob("*.ts*"))
        for sink in sinks
        if sink in path.read_text()
    ]
    assert not found, found
