"""Photos of an initiative: checked, re-encoded without metadata, shrunk, and stored. Services flush.

Every upload is decoded and written anew by Pillow: what is stored holds pixels only, no EXIF
(a phone photo carries the GPS position of the resident's home), no comments, no thumbnails
of the original. A file that is not really a JPEG, PNG or WebP image is refused.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError
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
MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a decompression bomb does not
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, for every other use in this process

NOT_AN_IMAGE = _l("This file is not a photo we can use. Upload a JPEG, PNG or WebP image.")
TOO_MANY_PIXELS = _l("This image is too large (too many pixels). Upload a smaller photo.")
TOO_MANY_BYTES = _l("This file is larger than 5 MB. Upload a smaller photo.")


@dataclass(frozen=True)
class ProcessedPhoto:
    content_type: str
    width: int
    height: int
    data: bytes
    thumbnail: bytes


def _encode(image: Image.Image, kind: str, icc_profile: bytes | None) -> bytes:
    out = BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    if kind == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True, **extra)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85, method=4, **extra)
    else:
        image.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()


def _decode(raw: bytes) -> tuple[Image.Image, str, bytes | None]:
    """The upright pixels, the format and the colour profile; DomainError if unusable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(raw), formats=list(CONTENT_TYPES)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise DomainError(TOO_MANY_PIXELS, "photo")
                kind, icc_profile = image.format, image.info.get("icc_profile")
                if kind == "JPEG":
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode a big JPEG at a fraction of its size
                upright = ImageOps.exif_transpose(image)  # loads the pixels; turns by the EXIF orientation
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError(TOO_MANY_PIXELS, "photo") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise DomainError(NOT_AN_IMAGE, "photo") from None
    return upright, kind, icc_profile


def process_photo(raw: bytes) -> ProcessedPhoto:
    """Check, re-encode without metadata, and shrink an uploaded photo (max 1600 px, thumbnail 400 px).

    Pure: bytes in, bytes out. Raises DomainError (field "photo") with a message for the uploader.
    """
    if len(raw) > MAX_BYTES:
        raise DomainError(TOO_MANY_BYTES, "photo")
    upright, kind, icc_profile = _decode(raw)
    transparent = kind != "JPEG" and (upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info)
    mode = "RGBA" if transparent else "RGB"
    try:
        pixels = upright.convert(mode)
    except (OSError, ValueError):  # a pixel format Pillow reads but cannot convert
        raise DomainError(NOT_AN_IMAGE, "photo") from None
    clean = Image.new(mode, pixels.size)  # a fresh image: no info, no EXIF, nothing of the original file
    clean.paste(pixels)
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    small = clean.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        content_type=CONTENT_TYPES[kind],
        width=clean.width,
        height=clean.height,
        data=_encode(clean, kind, icc_profile),
        thumbnail=_encode(small, kind, icc_profile),
    )


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
