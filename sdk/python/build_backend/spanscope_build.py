"""A PEP 517 build backend in the standard library only, so `pip install sdk/python` works
offline (no setuptools or wheel to download). It builds a pure-Python wheel of the
`spanscope` package, an sdist, and an editable wheel (a .pth file pointing here)."""
from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "spanscope"


def _project() -> dict:
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    try:
        import tomllib

        return tomllib.loads(text)["project"]
    except ImportError:  # Python < 3.11: the few string fields we need
        section = text.split("[project]", 1)[1].split("\n[", 1)[0]
        return {k: v for k, v in re.findall(r'^(\w[\w-]*)\s*=\s*"([^"]*)"', section, re.M)}


def _metadata() -> str:
    p = _project()
    lines = ["Metadata-Version: 2.1", "Name: %s" % p["name"], "Version: %s" % p["version"],
             "Summary: %s" % p.get("description", ""), "Requires-Python: %s" % p.get("requires-python", ">=3.9"),
             "License: MIT", "Description-Content-Type: text/markdown", ""]
    readme = os.path.join(ROOT, "README.md")
    body = open(readme, encoding="utf-8").read() if os.path.exists(readme) else ""
    return "\n".join(lines) + "\n" + body


def _dist_name() -> str:
    p = _project()
    return "%s-%s" % (p["name"].replace("-", "_"), p["version"])


def _package_files() -> list:
    out = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, PACKAGE)):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith((".pyc", ".pyo")):
                full = os.path.join(dirpath, name)
                out.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    return out


def _write_wheel(wheel_directory: str, files: list) -> str:
    dist = _dist_name()
    info = dist + ".dist-info"
    name = dist + "-py3-none-any.whl"
    records = []
    entries = [(arc, open(full, "rb").read()) for arc, full in files]
    entries.append((info + "/METADATA", _metadata().encode("utf-8")))
    entries.append((info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: spanscope_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    entries.append((info + "/top_level.txt", (PACKAGE + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as zf:
        for arc, data in entries:
            zf.writestr(arc, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append("%s,sha256=%s,%d" % (arc, digest, len(data)))
        records.append(info + "/RECORD,,")
        zf.writestr(info + "/RECORD", "\n".join(records) + "\n")
    return name


def get_requires_for_build_wheel(config_settings: object = None) -> list:
    return []


def get_requires_for_build_sdist(config_settings: object = None) -> list:
    return []


def get_requires_for_build_editable(config_settings: object = None) -> list:
    return []


def build_wheel(wheel_directory: str, config_settings: object = None, metadata_directory: object = None) -> str:
    return _write_wheel(wheel_directory, _package_files())


def build_editable(wheel_directory: str, config_settings: object = None, metadata_directory: object = None) -> str:
    pth = os.path.join(wheel_directory, "_spanscope_editable.pth")
    with open(pth, "w", encoding="utf-8") as f:
        f.write(ROOT + "\n")
    try:
        return _write_wheel(wheel_directory, [("_spanscope_editable.pth", pth)])
    finally:
        os.remove(pth)


def build_sdist(sdist_directory: str, config_settings: object = None) -> str:
    dist = _dist_name()
    name = dist + ".tar.gz"
    extra = [("pyproject.toml", os.path.join(ROOT, "pyproject.toml")), ("README.md", os.path.join(ROOT, "README.md")),
             ("build_backend/spanscope_build.py", os.path.abspath(__file__))]
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tf:
        for arc, full in _package_files() + extra:
            tf.add(full, arcname=dist + "/" + arc)
        data = _metadata().encode("utf-8")
        ti = tarfile.TarInfo(dist + "/PKG-INFO")
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    return name
