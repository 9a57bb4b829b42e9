"""Photos of an initiative: checked, redrawn from their pixels only, shrunk, and stored. Services flush.

Every upload is decoded and drawn anew: what is stored holds pixels only, no EXIF (a phone photo
carries the GPS position of the resident's home), no XMP, no comments, no colour profile (the
colours are converted to sRGB first), no thumbnail of the original and nothing after its end.

An upload costs memory in proportion to its pixels, not its bytes (a 6 KB PNG can hold 49
megapixels), so the size in the file's header is checked against a budget before anything is
decoded, and the image is shrunk a tile at a time: handling the largest accepted photo stays well
under 200 MB (tests/faults/test_upload_memory.py measures it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from io import BytesIO
from math import ceil, floor

from flask_babel import LazyString, ngettext
from flask_babel import lazy_gettext as _l
from PIL import ExifTags, Image, ImageCms, PngImagePlugin, UnidentifiedImageError
from sqlalchemy import func, select

from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives.models import Initiative, InitiativePhoto
from portal.paging import MAX_ID

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5
MAX_SIDE = 1600
THUMBNAIL_SIDE = 400
MAX_PIXELS = 25_000_000  # a 24-megapixel camera passes; a decompression bomb does not
MAX_DECODE_BYTES = 160 * 1024 * 1024  # what decoding one upload may hold at once (see _decode_bytes)
WEBP_BYTES_PER_PIXEL = 16  # libwebp keeps two canvases, Pillow copies the frame twice: 10 megapixels at most
TILE = 256  # output pixels a side of one tile of _resample

# Pillow's own guards, for every use of Pillow in this process: its decompression-bomb check at the
# same budget (an error from 2 × MAX_PIXELS, a warning above it), and at most 4 MB of PNG text
# chunks held while reading (its default of 64 MB would come on top of the pixels).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
PngImagePlugin.MAX_TEXT_MEMORY = 4 * 1024 * 1024

NOT_AN_IMAGE = _l("This file is not a photo we can use. Upload a JPEG, PNG or WebP image.")
TOO_MANY_BYTES = _l("This file is larger than 5 MB. Upload a smaller photo.")
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, ImageCms.PyCMSError)
BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


def too_many_pixels(megapixels: int = MAX_PIXELS // 1_000_000) -> LazyString:
    """The refusal of an image over the budget, saying how many megapixels would pass."""
    return _l(
        "This image has too many pixels. Upload a photo of at most %(megapixels)d megapixels.",
        megapixels=megapixels,
    )


@dataclass(frozen=True)
class ProcessedPhoto:
    content_type: str
    width: int
    height: int
    data: bytes
    thumbnail: bytes


def process_photo(raw: bytes) -> ProcessedPhoto:
    """Check, redraw without anything but pixels, and shrink an uploaded photo (max 1600 px, thumbnail 400 px).

    Pure: bytes in, bytes out. Raises DomainError (field "photo") with a message for the uploader:
    over 5 MB, over the pixel budget (read from the header, before decoding), or not a usable
    JPEG, PNG or WebP image.
    """
    if len(raw) > MAX_BYTES:
        raise DomainError(TOO_MANY_BYTES, "photo")
    try:
        large, kind = _clean_pixels(raw)
        small = large.resize(_fit(large.size, THUMBNAIL_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
        return ProcessedPhoto(
            content_type=CONTENT_TYPES[kind],
            width=large.width,
            height=large.height,
            data=_encode(large, kind),
            thumbnail=_encode(small, kind),
        )
    except BOMBS:
        raise DomainError(too_many_pixels(), "photo") from None
    except UNREADABLE:
        raise DomainError(NOT_AN_IMAGE, "photo") from None


def _clean_pixels(raw: bytes) -> tuple[Image.Image, str]:
    """A new image of at most MAX_SIDE a side, upright, in sRGB, with nothing of the file but its pixels."""
    with Image.open(BytesIO(raw), formats=list(CONTENT_TYPES)) as image:  # reads the header only
        kind = "JPEG" if image.format == "MPO" else image.format  # MPO: a JPEG followed by more pictures
        full_size, pixels = image.size, image.width * image.height
        if pixels > MAX_PIXELS:
            raise DomainError(too_many_pixels(), "photo")
        size = _fit(full_size, MAX_SIDE)
        if kind == "JPEG":
            image.draft(None, size)  # libjpeg decodes at 1/2, 1/4 or 1/8 of the size where that suffices
        cost = _decode_bytes(image, kind, raw, full_size)
        if cost > MAX_DECODE_BYTES:
            raise DomainError(too_many_pixels(max(1, pixels * MAX_DECODE_BYTES // cost // 1_000_000)), "photo")
        image.load()
        transparent = kind != "JPEG" and image.has_transparency_data
        tile = partial(_working_tile, transparent=transparent, colour=_to_srgb(image))
        clean = _resample(image, size, tile)
        turn = _TURNS.get(_orientation(image))
    return (clean.transpose(turn) if turn is not None else clean), kind


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """``size`` shrunk to fit a square of ``side`` pixels, keeping its proportions; never enlarged."""
    width, height = size
    if width <= side and height <= side:
        return size
    if width >= height:
        return side, max(1, round(height * side / width))
    return max(1, round(width * side / height)), side


# --------------------------------------------------------------------------- the memory budget


def _decode_bytes(image: Image.Image, kind: str, raw: bytes, full_size: tuple[int, int]) -> int:
    """About the most memory decoding ``image`` holds at once, from its header (after a JPEG's draft).

    Pillow keeps at most 4 bytes a pixel. libwebp adds two canvases and a copy of the frame.
    libjpeg keeps every DCT coefficient of the whole image (2 bytes each) when the JPEG is
    progressive or its first scan lacks a component; a plain baseline JPEG it decodes a row at a time.
    """
    if kind == "WEBP":
        return full_size[0] * full_size[1] * WEBP_BYTES_PER_PIXEL
    cost = image.width * image.height * 4
    if kind == "JPEG" and _jpeg_keeps_every_coefficient(raw, len(image.layer)):
        cost += _jpeg_coefficient_bytes(full_size, image.layer)  # kept at full size, whatever the draft
    return cost


_PROGRESSIVE_FRAMES = {0xC2, 0xC6, 0xCA, 0xCE}
_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}


def _jpeg_keeps_every_coefficient(raw: bytes, components: int) -> bool:
    """Whether libjpeg needs its whole-image coefficient buffer; anything unexpected counts as yes."""
    position = 2  # after the start-of-image marker
    while position + 4 <= len(raw):
        if raw[position] != 0xFF:
            return True
        marker = raw[position + 1]
        if marker == 0xFF or marker in _STANDALONE_MARKERS:
            position += 1 if marker == 0xFF else 2
            continue
        if marker in _PROGRESSIVE_FRAMES:
            return True
        if marker == 0xDA:  # start of scan: its number of components follows the length
            return position + 4 >= len(raw) or raw[position + 4] < components
        position += 2 + int.from_bytes(raw[position + 2 : position + 4], "big")
    return True


def _jpeg_coefficient_bytes(size: tuple[int, int], layers: list[tuple[int, int, int, int]]) -> int:
    """The size of libjpeg's whole-image coefficient buffer: 64 coefficients of 2 bytes per 8×8 block."""
    width, height = size
    h_max = max((max(h, 1) for _, h, _, _ in layers), default=1)
    v_max = max((max(v, 1) for _, _, v, _ in layers), default=1)
    total = 0
    for _, h, v, _ in layers:
        h, v = max(h, 1), max(v, 1)
        blocks_x = ceil(ceil(width * h / h_max) / 8)
        blocks_y = ceil(ceil(height * v / v_max) / 8)
        total += ceil(blocks_x / h) * h * ceil(blocks_y / v) * v * 128
    return total


# --------------------------------------------------------------------------- pixels, colours, tiles


def _resample(image: Image.Image, size: tuple[int, int], prepare: Callable[[Image.Image], Image.Image]) -> Image.Image:
    """``image`` resized to ``size`` (Lanczos), one small tile at a time, each turned by ``prepare`` first.

    Resizing or converting the whole image would copy it (an RGBA image even twice, premultiplied);
    a tile of the source, with the margin the Lanczos filter reaches into, costs a few megabytes.
    """
    width, height = image.size
    scale_x, scale_y = width / size[0], height / size[1]
    margin_x = 0 if scale_x == 1 else ceil(3 * max(scale_x, 1)) + 2
    margin_y = 0 if scale_y == 1 else ceil(3 * max(scale_y, 1)) + 2
    result = None
    for top in range(0, size[1], TILE):
        for left in range(0, size[0], TILE):
            right, bottom = min(left + TILE, size[0]), min(top + TILE, size[1])
            box = (left * scale_x, top * scale_y, right * scale_x, bottom * scale_y)
            x0, y0 = max(0, floor(box[0]) - margin_x), max(0, floor(box[1]) - margin_y)
            x1, y1 = min(width, ceil(box[2]) + margin_x), min(height, ceil(box[3]) + margin_y)
            tile = prepare(image.crop((x0, y0, x1, y1)))
            piece = tile.resize(
                (right - left, bottom - top),
                Image.Resampling.LANCZOS,
                box=(box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0),
            )
            if result is None:
                result = Image.new(piece.mode, size)
            result.paste(piece, (left, top))
    return result


@dataclass(frozen=True)
class _Colour:
    """A conversion of the upload's colour profile to sRGB, for tiles in ``mode``."""

    mode: str
    transform: ImageCms.ImageCmsTransform


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> _Colour | None:
    """The conversion of ``image``'s embedded ICC profile to sRGB; None without one, or with one we cannot use."""
    profile = image.info.get("icc_profile")
    if not profile:
        return None
    mode = {"CMYK": "CMYK", "L": "L", "LA": "L", "I;16": "L"}.get(image.mode, "RGB")
    try:
        transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(BytesIO(profile)), _srgb(), mode, "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # unreadable, or for another colour space: the pixels are taken as sRGB
    return _Colour(mode, transform)


def _working_tile(tile: Image.Image, transparent: bool, colour: _Colour | None) -> Image.Image:
    """A tile of the upload as 8-bit RGB in sRGB, with its transparency (RGBA) when the image has any."""
    if colour is None and tile.mode == ("RGBA" if transparent else "RGB"):
        return tile
    alpha = tile.convert("RGBA").getchannel("A") if transparent else None
    if colour is None:
        rgb = _eight_bits(tile).convert("RGB")
    else:
        rgb = ImageCms.applyTransform(_eight_bits(tile).convert(colour.mode), colour.transform)
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb


def _eight_bits(tile: Image.Image) -> Image.Image:
    """16-bit grey scaled to 8 bits (Pillow's own conversion would clip everything above 255 to white)."""
    if tile.mode.startswith("I;16"):
        return tile.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return tile


_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation of a loaded image (1, upright, when it has none or it cannot be read)."""
    try:
        return int(image.getexif().get(ExifTags.Base.Orientation, 1))
    except (*UNREADABLE, KeyError, TypeError, IndexError):
        return 1


def _encode(image: Image.Image, kind: str) -> bytes:
    """``image`` in ``kind``, without metadata: Pillow writes only what is passed (JFIF's header for a JPEG)."""
    out = BytesIO()
    if kind == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85, method=4)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------- storing


def photo_count(initiative: Initiative) -> int:
    return db.session.scalar(select(func.count()).where(InitiativePhoto.initiative_id == initiative.id))


def check_room(initiative: Initiative) -> None:
    """DomainError when the initiative already has the most photos allowed."""
    if photo_count(initiative) >= MAX_PHOTOS:
        message = ngettext(
            "An initiative can have at most %(num)d photo. Remove one first.",
            "An initiative can have at most %(num)d photos. Remove one first.",
            MAX_PHOTOS,
        )
        raise DomainError(message)  # about the whole form: when full, there is no photo field


def add_photo(initiative: Initiative, photo: ProcessedPhoto, alt_text: str) -> InitiativePhoto:
    """Store a processed photo as the initiative's last one; flushes."""
    check_room(initiative)
    last = db.session.scalar(
        select(func.max(InitiativePhoto.position)).where(InitiativePhoto.initiative_id == initiative.id)
    )
    stored = InitiativePhoto(
        initiative_id=initiative.id,
        position=(last or 0) + 1,
        alt_text=alt_text.strip(),
        **vars(photo),
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def upload_photo(initiative: Initiative, raw: bytes, alt_text: str) -> InitiativePhoto:
    """Process an uploaded file and store it, checking first that there is room (before the work)."""
    check_room(initiative)
    return add_photo(initiative, process_photo(raw), alt_text)


def remove_photo(initiative: Initiative, photo_id: int) -> bool:
    """Delete one of the initiative's photos; False when it was not there (already removed)."""
    photo = db.session.get(InitiativePhoto, photo_id) if 0 < photo_id <= MAX_ID else None
    if photo is None or photo.initiative_id != initiative.id:
        return False
    db.session.delete(photo)
    db.session.flush()
    return True
