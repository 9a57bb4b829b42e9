"""Photo upload, refusal, serving and removal through the web, for each kind of person."""

from __future__ import annotations

from io import BytesIO

import pytest
from flask import render_template
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.extensions import db
from portal.initiatives.models import Initiative, InitiativePhoto
from portal.initiatives.services_photos import add_photo, process_photo
from tests.factories import make_user
from tests.factories.find import image_bytes, make_district, make_initiative, team_worker
from tests.photos_support import (
    GPS_IFD,
    SECRET,
    jpeg_markers,
    jpeg_with_everything,
    png_chunks,
    png_with_everything,
)


@pytest.fixture
def setting(app):
    with app.app_context():
        district = make_district("Selwerd")
        initiator = make_user()
        initiative = make_initiative(district, initiator, status="submitted", title="Moestuin")
        draft = make_initiative(district, initiator, status="draft", title="Nog geheim")
        ids = {
            "initiator": initiator.id,
            "worker": team_worker(district).id,
            "other_worker": team_worker(make_district("Beijum")).id,
            "neighbour": make_user().id,
            "initiative": initiative.id,
            "draft": draft.id,
        }
        db.session.commit()
    return ids


def _upload(client, initiative_id, data=None, filename="foto.jpg", alt="Buren in de moestuin", **headers):
    """A multipart POST, encoded in memory (the test client's own encoder leaves a temporary file open)."""
    data = image_bytes("JPEG") if data is None else data
    boundary, body = encode_multipart({"photo": FileStorage(BytesIO(data), filename), "alt_text": alt})
    return client.post(
        f"/initiatives/{initiative_id}/photos",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers,
    )


def _photo_ids(app, initiative_id) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(InitiativePhoto.id)
                .where(InitiativePhoto.initiative_id == initiative_id)
                .order_by(InitiativePhoto.position)
            )
        )


def _store(app, initiative_id, count, kind="JPEG"):
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        for number in range(count):
            add_photo(initiative, process_photo(image_bytes(kind, size=(64, 48))), f"Foto {number}")
        db.session.commit()


def test_the_initiator_uploads_a_photo_that_is_served_as_a_jpeg(app, auth, client, setting):
    auth.as_user(setting["initiator"])
    response = _upload(client, setting["initiative"])
    assert response.status_code == 303
    [photo_id] = _photo_ids(app, setting["initiative"])

    served = client.get(f"/initiatives/{setting['initiative']}/photos/{photo_id}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in served.headers["Cache-Control"] and "max-age=86400" in served.headers["Cache-Control"]
    assert Image.open(BytesIO(served.data)).format == "JPEG"

    again = client.get(
        f"/initiatives/{setting['initiative']}/photos/{photo_id}", headers={"If-None-Match": served.headers["ETag"]}
    )
    assert again.status_code == 304

    thumb = client.get(f"/initiatives/{setting['initiative']}/photos/{photo_id}/thumbnail")
    assert thumb.headers["Content-Type"] == "image/jpeg" and len(thumb.data) < len(served.data)


def test_a_phone_photo_is_served_without_its_position_colour_profile_or_anything_else_of_the_file(
    app, auth, client, setting
):
    original = jpeg_with_everything()
    opened = Image.open(BytesIO(original))
    assert opened.getexif().get_ifd(GPS_IFD) and opened.info["icc_profile"]
    auth.as_user(setting["initiator"])
    assert _upload(client, setting["initiative"], original).status_code == 303
    [photo_id] = _photo_ids(app, setting["initiative"])

    for suffix in ("", "/thumbnail"):
        served = client.get(f"/initiatives/{setting['initiative']}/photos/{photo_id}{suffix}").data
        image = Image.open(BytesIO(served))
        assert dict(image.getexif()) == {} and "icc_profile" not in image.info
        assert jpeg_markers(served) == [0xD8, 0xE0, 0xDB, 0xDB, 0xC2, 0xC4, 0xC4, 0xDA, 0xD9]
        assert SECRET not in served and b"PhoneMaker" not in served


def test_a_png_is_served_without_its_text_chunks(app, auth, client, setting):
    auth.as_user(setting["worker"])
    assert _upload(client, setting["initiative"], png_with_everything(), filename="x.png").status_code == 303
    [photo_id] = _photo_ids(app, setting["initiative"])
    served = client.get(f"/initiatives/{setting['initiative']}/photos/{photo_id}").data
    assert png_chunks(served) == [b"IHDR", b"IDAT", b"IEND"]
    assert SECRET not in served


@pytest.mark.parametrize(("kind", "content_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_keep_their_content_type(app, auth, client, setting, kind, content_type):
    auth.as_user(setting["worker"])  # the area team may add photos too
    assert _upload(client, setting["initiative"], image_bytes(kind), filename=f"x.{kind.lower()}").status_code == 303
    [photo_id] = _photo_ids(app, setting["initiative"])
    anonymous = app.test_client()
    assert anonymous.get(f"/initiatives/{setting['initiative']}/photos/{photo_id}").headers["Content-Type"] == (
        content_type
    )


def test_a_text_file_named_jpg_is_refused_with_a_clear_message_and_the_input_kept(app, auth, client, setting):
    auth.as_user(setting["initiator"])
    response = _upload(client, setting["initiative"], b"gewoon tekst\n" * 100, alt="Mijn beschrijving")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Upload een JPEG-, PNG- of WebP-afbeelding" in html
    assert 'value="Mijn beschrijving"' in html
    assert _photo_ids(app, setting["initiative"]) == []


def test_a_6_mb_file_is_refused_with_a_clear_message(auth, client, setting):
    auth.as_user(setting["initiator"])
    response = _upload(client, setting["initiative"], b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024))
    assert response.status_code == 422
    assert "5 MB" in response.get_data(as_text=True)


def test_alt_text_is_required(app, auth, client, setting):
    auth.as_user(setting["initiator"])
    response = _upload(client, setting["initiative"], alt="  ")
    assert response.status_code == 422
    assert "Beschrijf de foto" in response.get_data(as_text=True)
    assert _photo_ids(app, setting["initiative"]) == []


def test_a_sixth_photo_is_refused(app, auth, client, setting):
    _store(app, setting["initiative"], 5)
    auth.as_user(setting["initiator"])
    page = client.get(f"/initiatives/{setting['initiative']}/photos").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' not in page  # no upload form when full
    response = _upload(client, setting["initiative"])
    assert response.status_code == 422
    assert "maximaal 5 foto" in response.get_data(as_text=True)
    assert len(_photo_ids(app, setting["initiative"])) == 5


@pytest.mark.parametrize("who", ["neighbour", "other_worker"])
def test_others_may_not_upload_or_remove(app, auth, client, setting, who):
    _store(app, setting["initiative"], 1)
    auth.as_user(setting[who])
    assert _upload(client, setting["initiative"]).status_code == 403
    [photo_id] = _photo_ids(app, setting["initiative"])
    remove = client.post(f"/initiatives/{setting['initiative']}/photos/remove", data={"photo_id": photo_id})
    assert remove.status_code == 403
    assert client.get(f"/initiatives/{setting['initiative']}/photos").status_code == 403
    assert len(_photo_ids(app, setting["initiative"])) == 1


def test_visitors_are_sent_to_log_in(client, setting):
    response = _upload(client, setting["initiative"])
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_remove_as_a_page_and_as_a_fragment(app, auth, client, setting):
    _store(app, setting["initiative"], 2)
    first, second = _photo_ids(app, setting["initiative"])
    auth.as_user(setting["worker"])
    url = f"/initiatives/{setting['initiative']}/photos/remove"

    page = client.post(url, data={"photo_id": first})
    assert page.status_code == 303 and page.headers["Location"].endswith(f"/initiatives/{setting['initiative']}/photos")

    fragment = client.post(url, data={"photo_id": second}, headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert "<html" not in html and 'role="status"' in html and 'enctype="multipart/form-data"' in html
    assert _photo_ids(app, setting["initiative"]) == []

    assert client.post(url, data={"photo_id": second}).status_code == 303  # already gone: no error


def test_a_photo_of_another_initiative_is_not_removed(app, auth, client, setting):
    _store(app, setting["draft"], 1)
    [photo_id] = _photo_ids(app, setting["draft"])
    auth.as_user(setting["initiator"])
    client.post(f"/initiatives/{setting['initiative']}/photos/remove", data={"photo_id": photo_id})
    assert _photo_ids(app, setting["draft"]) == [photo_id]
    assert client.get(f"/initiatives/{setting['initiative']}/photos/{photo_id}").status_code == 404


def test_the_manage_page_as_page_and_fragment(app, auth, client, setting):
    _store(app, setting["initiative"], 1)
    auth.as_user(setting["initiator"])
    url = f"/initiatives/{setting['initiative']}/photos"
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and 'alt="Foto 0"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'alt="Foto 0"' in fragment


def test_a_drafts_photos_are_seen_by_the_initiator_and_the_team_only(app, auth, client, setting):
    _store(app, setting["draft"], 1)
    [photo_id] = _photo_ids(app, setting["draft"])
    url = f"/initiatives/{setting['draft']}/photos/{photo_id}/thumbnail"
    assert client.get(url).status_code == 404
    for who, expected in (("neighbour", 404), ("other_worker", 404), ("worker", 200), ("initiator", 200)):
        auth.as_user(setting[who])
        response = client.get(url)
        assert response.status_code == expected, who
    assert "private" in response.headers["Cache-Control"]


def test_preview_meta_tags(app, setting, monkeypatch):
    _store(app, setting["initiative"], 1)
    monkeypatch.setitem(app.config, "BASE_URL", "https://buurtportaal.example.nl")
    # A request that came in under another Host (a proxy's, or a forged one) does not change the addresses.
    with app.test_request_context("/initiatives/1", base_url="http://evil.example"):
        initiative = db.session.get(Initiative, setting["initiative"])
        initiative.description = "Samen <b>groente</b> kweken achter de flat. " * 20
        html = render_template("initiatives/_meta.html", initiative=initiative)
        db.session.rollback()
    assert '<meta property="og:title" content="Moestuin">' in html
    assert f'og:url" content="https://buurtportaal.example.nl/initiatives/{setting["initiative"]}"' in html
    assert "evil.example" not in html
    assert 'og:type" content="article"' in html
    assert (
        'og:image" content="https://buurtportaal.example.nl/initiatives/' in html
        and 'og:image:alt" content="Foto 0"' in html
    )
    description = html.split('og:description" content="')[1].split('"')[0]
    assert len(description) <= 205 and "<b>" not in description and "&lt;b&gt;" not in description


def test_preview_without_photo_has_no_image(app, setting):
    with app.test_request_context("/"):
        html = render_template("initiatives/_meta.html", initiative=db.session.get(Initiative, setting["initiative"]))
    assert "og:image" not in html and 'twitter:card" content="summary"' in html


def test_photos_are_listed_without_reading_the_image_bytes(app, setting):
    _store(app, setting["initiative"], 2)
    with app.app_context():
        initiative = db.session.get(Initiative, setting["initiative"])
        assert len(initiative.photos) == 2
        assert "data" not in initiative.photos[0].__dict__  # deferred until served
        assert db.session.scalar(select(func.count(InitiativePhoto.id))) == 2
