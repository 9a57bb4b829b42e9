"""Photo uploads may be large; text fields in a multipart form may not (MAX_FORM_MEMORY_SIZE).

URL-encoded forms are limited by MAX_CONTENT_LENGTH only (Werkzeug reads them at once), so
their text fields need Length validators, as every form here has.
"""

from __future__ import annotations


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
