"""Uploaded photos are checked, re-encoded without EXIF, shrunk, and refused when unusable."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image

from portal.errors import DomainError
from portal.initiatives.photos import MAX_BYTES, process_photo
from tests.find_support import image_bytes

GPS_IFD = 0x8825


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "CameraApp 1.0"  # Software
    exif[GPS_IFD] = {1: "N", 2: (53.0, 13.0, 30.0), 3: "E", 4: (6.0, 34.0, 10.0)}  # Groningen
    return exif.tobytes()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims a huge image: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_gps_and_other_exif_data_are_removed():
    original = image_bytes("JPEG", exif=_exif_with_gps())
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo really has a location

    processed = process_photo(original)

    for stored in (processed.data, processed.thumbnail):
        image = Image.open(BytesIO(stored))
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert b"PhoneMaker" not in stored and b"Exif" not in stored


def test_the_photo_is_turned_upright_before_its_orientation_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    processed = process_photo(image_bytes("JPEG", size=(300, 200), exif=exif.tobytes()))
    assert (processed.width, processed.height) == (200, 300)


@pytest.mark.parametrize(
    ("kind", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_each_accepted_format_keeps_its_content_type(kind, content_type):
    processed = process_photo(image_bytes(kind))
    assert processed.content_type == content_type
    assert Image.open(BytesIO(processed.data)).format == kind
    assert Image.open(BytesIO(processed.thumbnail)).format == kind


def test_transparent_png_keeps_its_transparency():
    processed = process_photo(image_bytes("PNG", color=(10, 20, 30, 0)))
    assert Image.open(BytesIO(processed.data)).mode == "RGBA"


def test_large_photos_are_shrunk_to_1600_and_a_400_pixel_thumbnail():
    processed = process_photo(image_bytes("JPEG", size=(4000, 3000)))
    assert (processed.width, processed.height) == (1600, 1200)
    assert Image.open(BytesIO(processed.thumbnail)).size == (400, 300)


def test_small_photos_are_not_enlarged():
    processed = process_photo(image_bytes("PNG", size=(120, 90)))
    assert (processed.width, processed.height) == (120, 90)


@pytest.mark.parametrize(
    "raw",
    [
        b"Dit is geen foto, alleen tekst met een .jpg-naam.\n" * 20,
        b"",
        image_bytes("JPEG")[:200],  # a broken download
        image_bytes("GIF"),  # a real image, but not a format we take
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    ],
    ids=["text", "empty", "truncated", "gif", "svg"],
)
def test_anything_that_is_not_a_usable_image_is_refused(raw):
    with pytest.raises(DomainError) as refused:
        process_photo(raw)
    assert refused.value.field == "photo"
    assert "JPEG, PNG or WebP" in str(refused.value)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    with pytest.raises(DomainError) as refused:
        process_photo(_png_claiming(40_000, 40_000))
    assert "too many pixels" in str(refused.value)


def test_a_file_over_5_mb_is_refused():
    with pytest.raises(DomainError) as refused:
        process_photo(b"\xff\xd8" + b"\0" * MAX_BYTES)
    assert "5 MB" in str(refused.value)
