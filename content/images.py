"""Hero images: checked to be a real picture of sensible size, then resized and re-encoded.

Re-encoding drops whatever else the file carried (camera EXIF with GPS positions, a payload after
the image data), so only pixels reach the public site.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
MIN_WIDTH = 600
HERO_MAX_WIDTH = 1600
_FORMATS = {"JPEG", "PNG", "WEBP"}


def hero_image_prepare(upload) -> tuple[ContentFile, int, int]:
    """A validated, resized JPEG of the uploaded file, with its width and height."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is %(size)s MB; the limit is 8 MB. Export it smaller and try again.")
            % {"size": round(upload.size / 1024 / 1024, 1)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP picture."),
            code="not_an_image",
        ) from None
    if image_format not in _FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP picture.")
            % {"format": image_format},
            code="format",
        )
    if width * height > MAX_SOURCE_PIXELS:
        raise ValidationError(
            _(
                "The image is %(w)s × %(h)s pixels, too large to process. "
                "Keep it under 40 megapixels."
            )
            % {"w": width, "h": height},
            code="too_many_pixels",
        )
    if width < MIN_WIDTH:
        raise ValidationError(
            _("The image is %(w)s pixels wide; a hero image needs at least %(min)s.")
            % {"w": width, "min": MIN_WIDTH},
            code="too_small",
        )
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        if image.width > HERO_MAX_WIDTH:
            image.thumbnail((HERO_MAX_WIDTH, HERO_MAX_WIDTH * 4), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        size = image.size
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg"), size[0], size[1]
