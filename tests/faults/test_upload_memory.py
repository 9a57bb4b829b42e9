"""Handling any accepted upload raises a process's memory by less than 200 MB (issue 11, point 4).

The measurement runs in a Python process of its own (this module run as a script, ``measure``), so
the test process's memory plays no part: it builds the app on the test database, logs in and warms
up with three small uploads (a JPEG with a colour profile, a PNG, a WebP). Then, for each file, it
forks, as gunicorn forks its workers from a preloaded app: the child warms up once more, sends the
file through the upload route, and reports how much its peak resident memory (``ru_maxrss``) grew.
A fresh child per file keeps one file's freed memory from hiding the next one's.

The files are the worst the budget accepts (25 megapixels of RGBA PNG, square and as a panorama;
a 24-megapixel phone JPEG; the largest progressive 4:4:4 RGB and CMYK JPEGs, whose every DCT
coefficient libjpeg keeps; the largest WebP) and bombs that must be refused. They are made first,
in yet another process (``make``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from portal.accounts.models import User
from portal.extensions import db
from tests.factories import make_user
from tests.factories.find import make_district, make_initiative

ROOT = Path(__file__).resolve().parents[2]
GROWTH_LIMIT = 200 * 1000 * 1000  # bytes
TIMEOUT = 180  # seconds for one measuring process

# each file (made by _make) and the status its upload must get
CASES = {
    "png-rgba-5000x5000": 303,
    "png-rgba-panorama-100000x250": 303,
    "jpeg-phone-6000x4000": 303,
    "jpeg-progressive-444-4800x4800": 303,
    "jpeg-cmyk-progressive-4300x4300": 303,
    "webp-rgba-3200x3200": 303,
    "png-6-kb-7000x7000-bomb": 422,
    "png-64x64-with-rows-for-200000": 303,
    "png-text-bomb": 422,
}


@pytest.fixture(scope="module")
def measured(app, tmp_path_factory) -> dict[str, dict]:
    """Every case's answer: {"status": ..., "grown": bytes}, measured once for the module."""
    folder = tmp_path_factory.mktemp("uploads")
    _run("make", str(folder))
    with app.app_context():
        district = make_district("Paddepoel")
        person = make_user()
        warm_up = make_initiative(district, person).id
        targets = {name: make_initiative(district, person).id for name in CASES}
        session_id = db.session.get(User, person.id).get_id()
        db.session.commit()
    cases = [f"{folder / name}={target}" for name, target in targets.items()]
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    return json.loads(_run("measure", database_url, session_id, str(warm_up), *cases))


@pytest.mark.parametrize(("name", "status"), CASES.items(), ids=list(CASES))
def test_an_upload_costs_less_than_200_mb(measured, name, status):
    result = measured[name]
    assert result["status"] == status, result
    assert result["grown"] < GROWTH_LIMIT, f"{name}: the process grew by {result['grown'] / 1e6:.0f} MB"


def _run(*arguments: str) -> str:
    completed = subprocess.run(  # noqa: S603 - this very module, with our own arguments
        [sys.executable, "-m", "tests.faults.test_upload_memory", *arguments],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""


# --------------------------------------------------------------------------- the other processes


def _make(folder: Path) -> None:
    """Write every case's file into ``folder``."""
    from io import BytesIO

    from PIL import Image

    from tests.photos_support import png, text_bomb

    def gradient(mode: str, size: tuple[int, int]) -> Image.Image:
        ramp = Image.linear_gradient("L").resize(size)
        other = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
        bands = {"RGB": (ramp, other, ramp), "RGBA": (ramp, other, ramp, other), "CMYK": (ramp, other, ramp, other)}
        return Image.merge(mode, bands[mode])

    def save(name: str, image: Image.Image, kind: str, **options) -> None:
        out = BytesIO()
        image.save(out, kind, **options)
        assert len(out.getvalue()) <= 5 * 1024 * 1024, f"{name} is over 5 MB"
        (folder / name).write_bytes(out.getvalue())

    save("png-rgba-5000x5000", gradient("RGBA", (5000, 5000)), "PNG")
    save("png-rgba-panorama-100000x250", gradient("RGBA", (100_000, 250)), "PNG")
    save("jpeg-phone-6000x4000", gradient("RGB", (6000, 4000)), "JPEG", quality=85)
    save("jpeg-progressive-444-4800x4800", gradient("RGB", (4800, 4800)), "JPEG", progressive=True, subsampling=0)
    save("jpeg-cmyk-progressive-4300x4300", gradient("CMYK", (4300, 4300)), "JPEG", progressive=True, quality=60)
    save("webp-rgba-3200x3200", gradient("RGBA", (3200, 3200)), "WEBP", quality=50, method=0)
    (folder / "png-6-kb-7000x7000-bomb").write_bytes(png(7000, 7000, bit_depth=1, colour_type=0))
    (folder / "png-64x64-with-rows-for-200000").write_bytes(png(64, 64, rows=200_000))
    (folder / "png-text-bomb").write_bytes(png(64, 64, before=tuple(text_bomb(1) for _ in range(60))))


def _measure(database_url: str, session_id: str, warm_up: int, cases: list[str]) -> dict[str, dict]:
    """Upload three small photos, then each ``path=initiative_id`` case in a forked child of its own."""
    from io import BytesIO

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    from portal import create_app
    from tests.factories.find import image_bytes
    from tests.photos_support import jpeg_with_everything

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "",
            "SERVER_NAME": None,
        }
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True

    def upload(initiative_id: int, data: bytes) -> int:
        boundary, body = encode_multipart({"photo": FileStorage(BytesIO(data), "foto"), "alt_text": "Een foto"})
        return client.post(
            f"/initiatives/{initiative_id}/photos", data=body, content_type=f"multipart/form-data; boundary={boundary}"
        ).status_code

    small = (jpeg_with_everything(), image_bytes("PNG", color=(1, 2, 3, 4)), image_bytes("WEBP"))
    for data in small:
        assert upload(warm_up, data) == 303
    with app.app_context():
        db.engine.dispose()  # no connection shared with the children
    results = {}
    for case in cases:
        path, target = case.rsplit("=", 1)
        results[Path(path).name] = _in_a_child(partial(_grown, upload, int(target), Path(path).read_bytes(), small))
    return results


def _grown(upload, target: int, raw: bytes, small: tuple[bytes, ...]) -> dict:
    """In the child: warm up its own pages once more, then how much one upload of ``raw`` raises the peak."""
    import gc
    import resource

    from portal.initiatives.services_photos import process_photo

    for data in small:
        process_photo(data)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = upload(target, raw)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {"status": status, "grown": grown * 1024}  # ru_maxrss counts kilobytes on Linux


def _in_a_child(work) -> dict:
    """``work()`` run in a forked child; its answer, sent back through a pipe."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.close(reading)
        try:
            answer = work()
        except BaseException as error:  # noqa: BLE001 - reported to the parent, whatever it is
            answer = {"status": None, "grown": 0, "error": repr(error)}
        with os.fdopen(writing, "w") as pipe:
            pipe.write(json.dumps(answer))
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading) as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(child, 0)
    return answer


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "make":
        _make(Path(arguments[0]))
    else:
        database, session, warm, *files = arguments
        print(json.dumps(_measure(database, session, int(warm), files)))  # noqa: T201 - the answer
