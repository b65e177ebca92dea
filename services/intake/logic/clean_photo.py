"""Checks one uploaded file and makes the copies anyone but staff may see. Pure Pillow: no AWS here."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000
PUBLIC_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 82

# Pillow refuses (DecompressionBombError) anything above twice this; we also check our own bound first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


# A photo is accepted only if it really is a JPEG, PNG or WebP (whatever the client claimed), no larger
# than the byte and pixel bounds, and decodes completely. The public copy is re-encoded from the pixels
# alone, so EXIF (GPS, camera serial, time) and every other metadata block are left behind.
class BadPhoto(Exception):
    def __init__(self, reason: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason, self.message_vi, self.message_en = reason, message_vi, message_en


@dataclass(frozen=True)
class CleanPhoto:
    public: bytes
    thumbnail: bytes
    width: int  # of the original
    height: int


def _not_an_image() -> BadPhoto:
    return BadPhoto(
        "not_an_image",
        "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.",
        "The file is not a valid JPEG, PNG or WebP image.",
    )


def _too_many_pixels() -> BadPhoto:
    return BadPhoto(
        "too_many_pixels",
        f"Ảnh quá lớn (tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh).",
        f"The image is too large (at most {MAX_PIXELS // 1_000_000} megapixels).",
    )


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))  # reads the header only: the size is known before any decoding
    if image.format not in ACCEPTED_FORMATS:
        raise _not_an_image()
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()
    return image


def _jpeg(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def clean_photo(data: bytes) -> CleanPhoto:
    """Raises BadPhoto with a reason a person can read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _open(data).verify()  # structure and checksums, without decoding the pixels
            image = _open(data)  # verify() leaves the image unusable: open it again
            image.load()
            upright = ImageOps.exif_transpose(image)  # honour the camera's orientation before dropping EXIF
    except BadPhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise _not_an_image() from error
    rgb = upright.convert("RGB")
    # Rebuilt from raw pixels: nothing of the original file but the picture survives.
    pixels_only = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    return CleanPhoto(
        public=_jpeg(pixels_only, PUBLIC_SIDE),
        thumbnail=_jpeg(pixels_only, THUMBNAIL_SIDE),
        width=image.width,
        height=image.height,
    )
