"""Uploaded photos: checked against a pixel budget before decoding, redrawn from their pixels only, shrunk.

Written as the attacks: decompression bombs of every kind, files whose headers lie, and photos that
carry the resident's position, a colour profile, XMP, comments and data after their end.
"""

from __future__ import annotations

import struct
import warnings
from io import BytesIO

import pytest
from PIL import Image, ImageChops, ImageFile, WebPImagePlugin

from portal.errors import DomainError
from portal.initiatives import services_photos
from portal.initiatives.services_photos import MAX_BYTES, process_photo
from tests.factories.find import image_bytes
from tests.photos_support import (
    GPS_IFD,
    SECRET,
    XMP_NAMESPACE,
    exif_with_gps,
    jpeg_markers,
    jpeg_with_everything,
    png,
    png_chunks,
    png_with_everything,
    segment,
    srgb_profile,
    swapped_profile,
    text_bomb,
    webp_chunks,
)

JPEG_PIXELS_ONLY = [0xD8, 0xE0, 0xDB, 0xDB, 0xC2, 0xC4, 0xC4, 0xDA, 0xD9]  # SOI, JFIF, tables, frame, scan, EOI


def _decoded(*_args, **_kwargs):
    raise AssertionError("the pixels were decoded")


def _refusal(raw: bytes, decoding: bool = True) -> str:
    """The message ``raw`` is refused with; without ``decoding``, decoding any pixels fails the test."""
    with pytest.MonkeyPatch.context() as patch, pytest.raises(DomainError) as refused:
        if not decoding:
            for owner in (Image.Image, ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
                patch.setattr(owner, "load", _decoded)
        process_photo(raw)
    assert refused.value.field == "photo"
    return str(refused.value)


# --------------------------------------------------------------------------- nothing but pixels


def test_gps_other_exif_the_colour_profile_xmp_comment_and_trailing_data_are_removed_from_a_jpeg():
    original = jpeg_with_everything()
    opened = Image.open(BytesIO(original))
    assert opened.getexif().get_ifd(GPS_IFD) and opened.info["icc_profile"] and opened.info["comment"]
    assert opened.info["xmp"] and original.endswith(SECRET)  # the test photo really carries all of it

    processed = process_photo(original)

    for stored in (processed.data, processed.thumbnail):
        assert jpeg_markers(stored) == JPEG_PIXELS_ONLY  # no APP1 (EXIF, XMP), APP2 (ICC), COM; nothing after EOI
        image = Image.open(BytesIO(stored))
        assert dict(image.getexif()) == {}
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
        for trace in (b"PhoneMaker", b"Exif", b"ICC_PROFILE", XMP_NAMESPACE, SECRET, b"TRAILING"):
            assert trace not in stored


def test_a_png_keeps_no_text_chunks_profile_exif_or_trailing_data():
    original = png_with_everything()
    assert {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"} <= set(png_chunks(original[: original.rindex(b"IEND") + 8]))

    processed = process_photo(original)

    for stored in (processed.data, processed.thumbnail):
        assert png_chunks(stored) == [b"IHDR", b"IDAT", b"IEND"]
        assert SECRET not in stored and b"PhoneMaker" not in stored


def test_a_webp_keeps_no_profile_exif_or_xmp():
    out = BytesIO()
    Image.new("RGBA", (320, 240), (200, 80, 40, 128)).save(
        out, "WEBP", icc_profile=srgb_profile(), exif=exif_with_gps(), xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>"
    )
    assert {b"ICCP", b"EXIF", b"XMP "} <= set(webp_chunks(out.getvalue()))

    processed = process_photo(out.getvalue())

    for stored in (processed.data, processed.thumbnail):
        assert set(webp_chunks(stored)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
        assert SECRET not in stored and b"PhoneMaker" not in stored


def test_a_multi_picture_jpeg_keeps_only_its_first_picture():
    """Phones and 3D cameras write MPO: a JPEG with more pictures (a depth map, a second view) after its end."""
    out = BytesIO()
    first, second = Image.new("RGB", (320, 240), (200, 0, 0)), Image.new("RGB", (320, 240), (0, 200, 0))
    first.save(out, "MPO", save_all=True, append_images=[second])

    processed = process_photo(out.getvalue())

    assert processed.content_type == "image/jpeg"
    assert jpeg_markers(processed.data) == JPEG_PIXELS_ONLY
    red, green, _ = Image.open(BytesIO(processed.data)).getpixel((10, 10))
    assert red > 180 and green < 20


def test_colours_are_converted_to_srgb_before_the_profile_is_dropped():
    """Red in a profile whose primaries are swapped is blue: the stored pixels must say blue, and no profile."""
    processed = process_photo(jpeg_with_everything(swapped_profile(), colour=(255, 0, 0)))
    red, green, blue = Image.open(BytesIO(processed.data)).getpixel((10, 10))
    assert blue > 240 and red < 15 and green < 15
    plain = process_photo(jpeg_with_everything(srgb_profile(), colour=(255, 0, 0)))
    assert Image.open(BytesIO(plain.data)).getpixel((10, 10))[0] > 240


def test_an_unreadable_colour_profile_is_dropped_and_the_photo_kept():
    out = BytesIO()
    Image.new("RGB", (120, 90), (10, 120, 200)).save(out, "PNG", icc_profile=b"not a profile" * 20)
    processed = process_photo(out.getvalue())
    assert png_chunks(processed.data) == [b"IHDR", b"IDAT", b"IEND"]
    assert Image.open(BytesIO(processed.data)).getpixel((5, 5)) == (10, 120, 200)


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


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [("L", 100, (100, 100, 100)), ("I;16", 40000, (156, 156, 156)), ("1", 1, (255, 255, 255)), ("P", 0, (0, 0, 0))],
)
def test_grey_16_bit_bilevel_and_palette_pngs_become_rgb(mode, value, expected):
    out = BytesIO()
    Image.new(mode, (120, 90), value).save(out, "PNG")
    processed = process_photo(out.getvalue())
    assert Image.open(BytesIO(processed.data)).getpixel((5, 5)) == expected


def test_large_photos_are_shrunk_to_1600_and_a_400_pixel_thumbnail():
    processed = process_photo(image_bytes("JPEG", size=(4000, 3000)))
    assert (processed.width, processed.height) == (1600, 1200)
    assert Image.open(BytesIO(processed.thumbnail)).size == (400, 300)


def test_a_panorama_keeps_its_proportions():
    processed = process_photo(image_bytes("PNG", size=(8000, 500)))
    assert (processed.width, processed.height) == (1600, 100)


def test_shrinking_a_tile_at_a_time_looks_like_shrinking_at_once():
    image = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    at_once = image.resize((1600, 1067), Image.Resampling.LANCZOS)
    tiled = services_photos._resample(image, (1600, 1067), lambda tile: tile)
    assert max(high for _, high in ImageChops.difference(at_once, tiled).getextrema()) <= 2


def test_small_photos_are_not_enlarged():
    processed = process_photo(image_bytes("PNG", size=(120, 90)))
    assert (processed.width, processed.height) == (120, 90)


# --------------------------------------------------------------------------- unusable files


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
    assert "JPEG, PNG or WebP" in _refusal(raw)


def test_a_file_over_5_mb_is_refused():
    assert "5 MB" in _refusal(b"\xff\xd8" + b"\0" * MAX_BYTES)


# --------------------------------------------------------------------------- decompression bombs


def test_the_6_kb_png_of_7000_by_7000_pixels_is_refused_from_its_header():
    bomb = png(7000, 7000, bit_depth=1, colour_type=0)
    assert len(bomb) < 7000
    assert "at most 25 megapixels" in _refusal(bomb, decoding=False)


@pytest.mark.parametrize(
    "size",
    [(5001, 5000), (7000, 7000), (40_000, 40_000), (1_000_000, 26)],
    ids=["just-over", "pillow-warns", "pillow-refuses", "a-line"],
)
def test_every_image_over_25_megapixels_is_refused_without_decoding_it(size):
    assert "too many pixels" in _refusal(png(*size, bit_depth=1, colour_type=0, rows=1), decoding=False)


def test_the_refusal_does_not_rest_on_pillows_warning():
    """In production DecompressionBombWarning is only printed: the budget is checked all the same."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        assert "too many pixels" in _refusal(png(7000, 7000, bit_depth=1, colour_type=0, rows=1), decoding=False)


def test_pillows_own_limit_is_the_same_budget():
    assert Image.MAX_IMAGE_PIXELS == services_photos.MAX_PIXELS == 25_000_000


def test_an_image_of_exactly_the_budget_is_taken():
    processed = process_photo(png(5000, 5000, bit_depth=1, colour_type=0))
    assert (processed.width, processed.height) == (1600, 1600)


def test_a_png_whose_pixel_data_holds_more_rows_than_its_header_says_gives_only_the_header_size():
    processed = process_photo(png(64, 64, rows=50_000))  # 10 MB of rows inflated from 10 KB; the header says 64
    assert (processed.width, processed.height) == (64, 64)


@pytest.mark.parametrize(
    "raw",
    [png(64, 64, before=(text_bomb(5),)), png(64, 64, before=tuple(text_bomb(1) for _ in range(8)))],
    ids=["one-5-mb-text", "many-1-mb-texts"],
)
def test_a_png_whose_text_chunks_inflate_to_megabytes_is_refused(raw):
    assert len(raw) < 100_000
    assert "JPEG, PNG or WebP" in _refusal(raw)


def _with_frame_header(jpeg: bytes, width: int, height: int, where: str) -> bytes:
    """``jpeg`` with a second baseline frame header (SOF0) of another size, before or after its own."""
    start = jpeg.index(b"\xff\xc2") if b"\xff\xc2" in jpeg else jpeg.index(b"\xff\xc0")
    (length,) = struct.unpack(">H", jpeg[start + 2 : start + 4])
    own = jpeg[start : start + 2 + length]
    fake = own[:5] + struct.pack(">HH", height, width) + own[9:]
    fake = b"\xff\xc0" + fake[2:]
    doubled = fake + own if where == "before" else own + fake
    return jpeg[:start] + doubled + jpeg[start + 2 + length :]


@pytest.mark.parametrize(
    ("width", "height", "where", "message"),
    [
        (60_000, 60_000, "before", "JPEG, PNG or WebP"),  # Pillow reads the small one, libjpeg refuses two
        (60_000, 60_000, "after", "too many pixels"),
        (320, 0, "after", "JPEG, PNG or WebP"),  # height "given later" (DNL): libjpeg does not take it
    ],
)
def test_a_jpeg_whose_frame_headers_disagree_is_refused(width, height, where, message):
    raw = _with_frame_header(image_bytes("JPEG", size=(320, 240)), width, height, where)
    assert message in _refusal(raw)


def test_a_webp_canvas_over_pillows_limit_is_refused_before_the_decoder_is_made():
    out = BytesIO()
    Image.new("RGB", (64, 64)).save(out, "WEBP", exif=exif_with_gps())  # VP8X: a canvas size of its own
    data = bytearray(out.getvalue())
    assert data[12:16] == b"VP8X"
    data[24:30] = (16383 - 1).to_bytes(3, "little") * 2
    assert "too many pixels" in _refusal(bytes(data), decoding=False)


def test_a_webp_pays_for_its_decoder_with_a_smaller_budget():
    out = BytesIO()
    Image.new("RGB", (4000, 3000)).save(out, "WEBP", quality=10, method=0)
    assert "at most 10 megapixels" in _refusal(out.getvalue(), decoding=False)


def test_a_progressive_jpeg_counts_libjpegs_coefficients(monkeypatch):
    progressive = BytesIO()
    Image.new("RGB", (2000, 2000)).save(progressive, "JPEG", progressive=True, subsampling=0)
    # 2000 × 2000 × 3 components × 2 bytes of coefficients, plus the 1000 × 1000 draft: refused under 25 MB
    monkeypatch.setattr(services_photos, "MAX_DECODE_BYTES", 25_000_000)
    assert "too many pixels" in _refusal(progressive.getvalue(), decoding=False)


def test_a_baseline_jpeg_of_the_same_size_is_decoded_a_row_at_a_time(monkeypatch):
    monkeypatch.setattr(services_photos, "MAX_DECODE_BYTES", 25_000_000)
    processed = process_photo(image_bytes("JPEG", size=(2000, 2000)))
    assert processed.width == 1600


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (image_bytes("JPEG", size=(64, 64)), False),
        (
            b"\xff\xd8"
            + segment(0xC0, b"\x08\0\x40\0\x40\x03" + b"\x01\x11\0\x02\x11\0\x03\x11\0")
            + segment(0xDA, b"\x01\x01\0\0\x3f\0"),
            True,
        ),
        (b"\xff\xd8" + segment(0xC2, b"\x08\0\x40\0\x40\x01\x01\x11\0") + segment(0xDA, b"\x01\x01\0\0\x3f\0"), True),
        (b"\xff\xd8junk", True),
    ],
    ids=["baseline", "first-scan-one-of-three", "progressive", "junk"],
)
def test_which_jpegs_libjpeg_holds_whole(raw, expected):
    assert services_photos._jpeg_keeps_every_coefficient(raw, 3 if b"\x03\x01" in raw else 1) is expected


def test_jpeg_coefficients_follow_the_sampling():
    full = services_photos._jpeg_coefficient_bytes((1600, 1200), [(1, 1, 1, 0), (2, 1, 1, 1), (3, 1, 1, 1)])
    halved = services_photos._jpeg_coefficient_bytes((1600, 1200), [(1, 2, 2, 0), (2, 1, 1, 1), (3, 1, 1, 1)])
    assert full == 1600 * 1200 * 3 * 2
    assert halved == 1600 * 1200 * 2 + 2 * 800 * 600 * 2
