"""Image files for the photo tests, made byte by byte: bombs, files carrying metadata, and readers of their parts.

A decompression bomb is written row by row through a zlib stream, so making a 7000 × 7000 PNG costs
the test process a few kilobytes, as it costs the attacker.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from PIL import Image, ImageCms

GPS_IFD = 0x8825
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/\0"
SECRET = b"Eikenlaan 14, 9741 AB Groningen"  # what must never survive the cleaning


# --------------------------------------------------------------------------- PNG


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(
    width: int,
    height: int,
    *,
    bit_depth: int = 8,
    colour_type: int = 2,
    rows: int | None = None,
    before: tuple[bytes, ...] = (),
    after: tuple[bytes, ...] = (),
    trailing: bytes = b"",
) -> bytes:
    """A PNG of ``width`` × ``height`` zero pixels (its IDAT holds ``rows`` rows: more or fewer than it says).

    ``before`` and ``after`` are chunks placed before and after the pixel data.
    """
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    row = b"\0" * (1 + (width * channels * bit_depth + 7) // 8)  # filter byte, then the packed samples
    squeeze = zlib.compressobj(9)
    data = b"".join(squeeze.compress(row) for _ in range(height if rows is None else rows)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + b"".join(before)
        + chunk(b"IDAT", data)
        + b"".join(after)
        + chunk(b"IEND", b"")
        + trailing
    )


def text_bomb(megabytes: int) -> bytes:
    """A zTXt chunk of a few kilobytes that inflates to ``megabytes`` MB of text."""
    return chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"A" * (megabytes * 1024 * 1024), 9))


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG, in order; raises when anything follows IEND."""
    kinds, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kinds.append(data[position + 4 : position + 8])
        position += 12 + length
        if kinds[-1] == b"IEND":
            assert position == len(data), f"{len(data) - position} bytes after IEND"
            break
    return kinds


def png_with_everything() -> bytes:
    """A real photo as PNG with text, compressed text, international text, a colour profile, EXIF and trailing data."""
    image = Image.new("RGB", (320, 240), (200, 80, 40))
    out = BytesIO()
    image.save(out, "PNG", icc_profile=srgb_profile(), exif=exif_with_gps())
    data = out.getvalue()
    end = data.rindex(b"IEND") - 4
    extra = (
        chunk(b"tEXt", b"Author\0" + SECRET)
        + chunk(b"zTXt", b"Comment\0\0" + zlib.compress(SECRET))
        + chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>" + SECRET + b"</x:xmpmeta>")
    )
    return data[:end] + extra + data[end:] + b"TRAILING" + SECRET


# --------------------------------------------------------------------------- JPEG


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "CameraApp 1.0"  # Software
    exif[GPS_IFD] = {1: "N", 2: (53.0, 13.0, 30.0), 3: "E", 4: (6.0, 34.0, 10.0)}  # Groningen
    return exif.tobytes()


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_everything(profile: bytes | None = None, colour=(200, 80, 40)) -> bytes:
    """A JPEG with EXIF (GPS), a colour profile, XMP, a comment and data after its end."""
    out = BytesIO()
    Image.new("RGB", (320, 240), colour).save(
        out, "JPEG", quality=95, exif=exif_with_gps(), icc_profile=profile or srgb_profile(), comment=SECRET
    )
    data = out.getvalue()
    xmp = segment(0xE1, XMP_NAMESPACE + b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>")
    return data[:2] + xmp + data[2:] + b"TRAILING" + SECRET


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG up to its first scan, and EOI; raises when anything follows EOI."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [0xD8], 2
    while True:
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    assert data.endswith(b"\xff\xd9"), "data after the end of the image"
    return [*markers, 0xD9]


# --------------------------------------------------------------------------- WebP


def webp_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a WebP file; raises when anything follows the RIFF container."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    (size,) = struct.unpack("<I", data[4:8])
    assert size + 8 == len(data), "data after the RIFF container"
    kinds, position = [], 12
    while position < len(data):
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        kinds.append(data[position : position + 4])
        position += 8 + length + (length & 1)
    return kinds


# --------------------------------------------------------------------------- colour profiles


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def swapped_profile() -> bytes:
    """An RGB profile whose red and blue primaries are swapped: pure red in it is pure blue in sRGB."""
    data = bytearray(srgb_profile())
    (count,) = struct.unpack(">I", data[128:132])
    entries = {bytes(data[132 + 12 * n : 136 + 12 * n]): 132 + 12 * n for n in range(count)}
    for red, blue in ((b"rXYZ", b"bXYZ"), (b"rTRC", b"bTRC")):
        one, other = entries[red], entries[blue]
        data[one + 4 : one + 12], data[other + 4 : other + 12] = data[other + 4 : other + 12], data[one + 4 : one + 12]
    data[84:100] = bytes(16)  # the profile id (an MD5 of the rest) no longer matches: leave it out
    return bytes(data)
