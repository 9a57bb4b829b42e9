"""Upload limits, as an attacker tries them: request size, decompression bombs, and hammering the photo form.

Photo uploads may be large; text fields in a multipart form may not (MAX_FORM_MEMORY_SIZE).
URL-encoded forms are limited by MAX_CONTENT_LENGTH only (Werkzeug reads them at once), so their
text fields need Length validators, as every form here has.
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image, ImageFile, WebPImagePlugin
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal import create_app
from portal.accounts.models import User
from portal.extensions import db, limiter
from portal.initiatives.models import InitiativePhoto
from tests.factories import make_user
from tests.factories.find import make_district, make_initiative, team_worker
from tests.photos_support import exif_with_gps, png

BOMB = png(7000, 7000, bit_depth=1, colour_type=0)  # 6 KB; 49 megapixels; ~870 MB decoded the old way


# --------------------------------------------------------------------------- request size


def test_the_request_limit_leaves_room_for_a_photo_upload(app):
    assert app.config["MAX_CONTENT_LENGTH"] >= 5 * 1024 * 1024 + 64 * 1024


def test_a_huge_text_field_in_a_multipart_form_is_refused(client):
    boundary = "grens"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="next"\r\n\r\n{"x" * (1024 * 1024)}\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    response = client.post("/language", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413


def test_a_request_over_the_limit_is_refused_before_it_is_read(client, app):
    response = client.post(
        "/language", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1), content_type="application/octet-stream"
    )
    assert response.status_code == 413


# --------------------------------------------------------------------------- decompression bombs


@pytest.fixture
def setting(app):
    with app.app_context():
        district = make_district("Selwerd")
        initiator, english = make_user(), make_user(locale="en")
        ids = {
            "initiator": initiator.id,
            "english": english.id,
            "worker": team_worker(district).id,
            "initiative": make_initiative(district, initiator, title="Moestuin").id,
            "english_initiative": make_initiative(district, english, title="Garden").id,
        }
        db.session.commit()
    return ids


def _upload(client, initiative_id, data, alt="Buren in de moestuin", **environ):
    """A multipart POST, encoded in memory (the test client's own encoder leaves a temporary file open)."""
    boundary, body = encode_multipart({"photo": FileStorage(BytesIO(data), "foto.png"), "alt_text": alt})
    return client.post(
        f"/initiatives/{initiative_id}/photos",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        environ_base=environ,
    )


def _photo_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(InitiativePhoto.id)))


def _field_error(html: str) -> str:
    found = re.search(r'<p class="[^"]*error-message" id="photo-error">(.*?)</p>', html, re.S)
    assert found, "no message next to the photo field"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding any pixels fails the test (and shows as a 500): refusals must come from the header."""

    def decoded(*_args, **_kwargs):
        raise AssertionError("the pixels were decoded")

    for owner in (Image.Image, ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
        monkeypatch.setattr(owner, "load", decoded)


def test_the_6_kb_png_of_7000_by_7000_pixels_is_refused_next_to_the_field_without_decoding(
    app, auth, client, setting, no_decoding
):
    assert len(BOMB) < 7000
    auth.as_user(setting["initiator"])
    response = _upload(client, setting["initiative"], BOMB, alt="Mijn beschrijving")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _field_error(html) == ("Deze afbeelding heeft te veel pixels. Upload een foto van maximaal 25 megapixel.")
    assert 'value="Mijn beschrijving"' in html
    assert _photo_count(app) == 0


def test_the_refusal_in_english(app, auth, client, setting, no_decoding):
    auth.as_user(setting["english"])
    response = _upload(client, setting["english_initiative"], BOMB)
    assert response.status_code == 422
    assert _field_error(response.get_data(as_text=True)) == (
        "This image has too many pixels. Upload a photo of at most 25 megapixels."
    )


def test_the_form_says_the_limits_before_anyone_uploads(auth, client, setting):
    auth.as_user(setting["initiator"])
    page = client.get(f"/initiatives/{setting['initiative']}/photos").get_data(as_text=True)
    assert "maximaal 5 MB en 25 megapixel" in page


def _webp_claiming(width: int, height: int) -> bytes:
    out = BytesIO()
    Image.new("RGB", (64, 64)).save(out, "WEBP", exif=exif_with_gps())  # VP8X: a canvas size of its own
    data = bytearray(out.getvalue())
    data[24:30] = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return bytes(data)


@pytest.mark.parametrize(
    "bomb",
    [
        png(40_000, 40_000, bit_depth=1, colour_type=0, rows=1),  # over twice Pillow's limit: its error
        png(5001, 5000, bit_depth=1, colour_type=0, rows=1),  # just over: Pillow only warns
        _webp_claiming(16383, 16383),  # refused before libwebp makes its canvas
    ],
    ids=["png-40000", "png-just-over", "webp-canvas"],
)
def test_decompression_bombs_get_the_same_friendly_refusal_never_a_500(app, auth, client, setting, bomb):
    auth.as_user(setting["english"])
    response = _upload(client, setting["english_initiative"], bomb)
    assert response.status_code == 422
    assert "too many pixels" in _field_error(response.get_data(as_text=True))
    assert _photo_count(app) == 0


def test_a_photo_of_the_budget_is_taken(app, auth, client, setting):
    auth.as_user(setting["worker"])
    assert _upload(client, setting["initiative"], png(5000, 5000, bit_depth=1, colour_type=0)).status_code == 303
    assert _photo_count(app) == 1


# --------------------------------------------------------------------------- rate limits


@pytest.fixture
def limited(app):
    """An app of its own on the test database with rate limits on (the session's app has them off)."""
    enabled = limiter.enabled
    own = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_SERVER": "",
            "SERVER_NAME": None,
        }
    )
    yield own
    limiter.enabled = enabled  # the Limiter object is shared by every app in this process
    with own.app_context():
        db.engine.dispose()


def _client_of(app, user_id: int):
    client = app.test_client()
    with app.app_context():
        session_id = db.session.get(User, user_id).get_id()
        db.session.remove()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


def _hammer(client, initiative_id: int, times: int, **environ) -> list[int]:
    """Upload forms without a description: refused at once (422), but every one counts."""
    return [_upload(client, initiative_id, b"", alt="", **environ).status_code for _ in range(times)]


def test_uploads_are_limited_per_account_from_any_address(limited, setting):
    client = _client_of(limited, setting["initiator"])
    statuses = [
        _upload(client, setting["initiative"], b"", alt="", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    page = _upload(client, setting["initiative"], b"", alt="", REMOTE_ADDR="10.0.1.1")
    assert page.status_code == 429 and "site-header" in page.get_data(as_text=True)  # the friendly page
    assert client.get(f"/initiatives/{setting['initiative']}/photos").status_code == 200  # the page stays free


def test_uploads_are_limited_per_address_across_accounts(app, limited, setting):
    with app.app_context():
        district = make_district("Beijum")
        others = []
        for _ in range(3):
            person = make_user()
            others.append((person.id, make_initiative(district, person).id))
        db.session.commit()
    for user_id, initiative_id in others:  # 3 × 10: each account at its own limit, the address at 30
        assert _hammer(_client_of(limited, user_id), initiative_id, 10) == [422] * 10
    assert _hammer(_client_of(limited, setting["initiator"]), setting["initiative"], 1) == [429]


def test_no_limit_when_rate_limits_are_off(auth, client, setting):
    auth.as_user(setting["initiator"])
    assert set(_hammer(client, setting["initiative"], 35)) == {422}
