"""What an uploaded proof is, decided from its bytes alone, and the clean copy the product keeps.

Accepted: JPEG, PNG, HEIC/HEIF photos and PDF documents, each at most `MAX_FILE_BYTES`. The name and the
Content-Type the browser sent are never consulted. Images are decoded in full with Pillow and written
anew (JPEG for photos, PNG for PNG), turned upright, downscaled to `MAX_EDGE` pixels on the long side,
with every piece of metadata left behind (EXIF, GPS, camera, comments, XMP); the picture itself is not
changed. PDFs are kept byte for byte once pypdf has opened them and counted their pages. Anything else —
an executable with a .jpg name, SVG or HTML, a JPEG header in front of markup, an empty file, an image
that would decode to hundreds of megapixels, a PDF that does not open — is refused with a code.
"""

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

import pillow_heif
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageCms, ImageOps
from pypdf import PdfReader

from .refusals import Refusal

pillow_heif.register_heif_opener()

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo at full resolution; far below a decompression bomb
MAX_EDGE = 2400  # long side kept: a printed A4 page at 200 dpi, every word of a document still legible
MAX_PDF_PAGES = 100
MAX_NAME_LENGTH = 255
JPEG_QUALITY = 85

JPEG, PNG, HEIF, PDF = "jpeg", "png", "heif", "pdf"
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
# Markup that makes a file readable as a web page (a polyglot). No photo's compressed data holds these.
_MARKUP = re.compile(rb"<(?:script|html|!doctype|svg|iframe|body|object|embed|\?xml)[\s>/]", re.IGNORECASE)


class EvidenceRefused(Refusal):
    """An upload the product will not keep: `code` (one of MESSAGES) is stable, `message` translated."""

    MESSAGES = {
        "evidence_no_file": lambda p: _("Choose a photo or a PDF to upload."),
        "evidence_empty": lambda p: _("This file is empty (0 bytes). Choose the photo or PDF again."),
        "evidence_too_large": lambda p: _(
            "This file is too large: at most 10 MB each. Take the photo again at normal size, or split the PDF."
        ),
        "evidence_name_invalid": lambda p: _(
            "The file's name holds folder separators or control characters. Rename it and try again."
        ),
        "evidence_name_too_long": lambda p: _(
            "The file's name is too long (at most 255 characters). Rename it and try again."
        ),
        "evidence_unsupported": lambda p: _(
            "Only photos (JPEG, PNG, HEIC) and PDF documents can be uploaded. This file is something else, "
            "whatever its name says."
        ),
        "evidence_markup": lambda p: _(
            "This file holds web-page code hidden in the picture, so it is refused. Take a new photo of the "
            "document instead."
        ),
        "evidence_image_unreadable": lambda p: _(
            "This picture cannot be read: it is damaged or incomplete. Take the photo again."
        ),
        "evidence_image_too_big": lambda p: _(
            "This picture has too many pixels (at most 50 megapixels). Take it at your camera's normal size."
        ),
        "evidence_pdf_unreadable": lambda p: _(
            "This PDF cannot be opened: it is damaged or not really a PDF. Save or download it again."
        ),
        "evidence_pdf_encrypted": lambda p: _(
            "This PDF is protected by a password. Save a copy without the password, or photograph the pages."
        ),
        "evidence_pdf_too_long": lambda p: (
            ngettext(
                "This PDF has %(pages)s page; at most %(limit)s can be uploaded. Upload the pages that matter.",
                "This PDF has %(pages)s pages; at most %(limit)s can be uploaded. Upload the pages that matter.",
                p["pages"],
            )
            % p
        ),
        "evidence_too_many": lambda p: (
            _("A case holds at most %(limit)s files. Delete one you no longer need first.") % p
        ),
        "evidence_item_unknown": lambda p: _("Choose which document of the list this file is."),
        "evidence_case_closed": lambda p: _("This case is closed and can no longer be changed."),
    }

    code = "evidence_refused"

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(self.MESSAGES[code](params))


@dataclass(frozen=True)
class CleanedEvidence:
    """The copy that is kept: `kind` is what it is stored as (jpeg, png, pdf), `uploaded_as` what arrived."""

    kind: str
    uploaded_as: str
    content: bytes
    width: int | None = None
    height: int | None = None
    pages: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def evidence_name_check(*, raw_name: str | None) -> None:
    """Refuse a file name a browser would never send: folder separators, control characters, over 255
    characters. The name is only checked, never kept."""
    if raw_name is None:
        return
    if len(raw_name) > MAX_NAME_LENGTH:
        raise EvidenceRefused("evidence_name_too_long")
    if "/" in raw_name or "\\" in raw_name or any(not char.isprintable() for char in raw_name):
        raise EvidenceRefused("evidence_name_invalid")


def sniff_kind(data: bytes) -> str | None:
    """jpeg, png, heif or pdf from the first bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    if len(data) >= 12 and data[4:8] == b"ftyp":
        box_size = int.from_bytes(data[:4], "big")
        brands = [data[8:12]] + [data[i : i + 4] for i in range(16, min(box_size, 64), 4)]
        if any(brand in HEIF_BRANDS for brand in brands):
            return HEIF
    return None


def evidence_content_check(*, data: bytes) -> CleanedEvidence:
    """The clean copy of `data` (see the module docstring), or EvidenceRefused with its code."""
    if not data:
        raise EvidenceRefused("evidence_empty")
    if len(data) > MAX_FILE_BYTES:
        raise EvidenceRefused("evidence_too_large")
    kind = sniff_kind(data)
    if kind is None:
        raise EvidenceRefused("evidence_unsupported")
    if kind == PDF:
        return CleanedEvidence(kind=PDF, uploaded_as=PDF, content=data, pages=_pdf_pages(data))
    if _MARKUP.search(data):
        raise EvidenceRefused("evidence_markup")
    return _reencoded_image(data, kind)


_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", HEIF: "HEIF"}


def _reencoded_image(data: bytes, kind: str) -> CleanedEvidence:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[kind]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise EvidenceRefused("evidence_image_too_big") from error
        except Exception as error:  # Pillow raises many kinds for malformed data
            raise EvidenceRefused("evidence_image_unreadable") from error
        with image:
            width, height = image.size
            if width < 1 or height < 1:
                raise EvidenceRefused("evidence_image_unreadable")
            if width * height > MAX_PIXELS:
                raise EvidenceRefused("evidence_image_too_big")
            try:
                if kind == JPEG:
                    image.draft("RGB", (MAX_EDGE, MAX_EDGE))  # decode big photos at 1/2–1/8 size
                image.load()
                clean = _upright_and_plain(image, keep_alpha=kind == PNG)
            except EvidenceRefused:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise EvidenceRefused("evidence_image_too_big") from error
            except Exception as error:
                raise EvidenceRefused("evidence_image_unreadable") from error
    clean.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == PNG:
        clean.save(out, "PNG", compress_level=6)
        stored = PNG
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        stored = JPEG
    return CleanedEvidence(
        kind=stored, uploaded_as=kind, content=out.getvalue(), width=clean.width, height=clean.height
    )


def _upright_and_plain(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """The picture turned as the camera meant it, in sRGB, as a new image that carries no metadata."""
    upright = ImageOps.exif_transpose(image) or image
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    mode = "RGBA" if keep_alpha and has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    converted = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            rgb = upright.convert(mode) if upright.mode not in ("RGB", "RGBA", "CMYK") else upright
            converted = ImageCms.profileToProfile(
                rgb, source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
        except Exception:  # an odd or broken profile: keep the pixels as they are
            converted = None
    if converted is None:
        if has_alpha and mode == "RGB":
            base = Image.new("RGB", upright.size, "white")
            base.paste(upright.convert("RGBA"), mask=upright.convert("RGBA").getchannel("A"))
            converted = base
        else:
            converted = upright.convert(mode)
    # A fresh image of the same pixels: nothing of the original's info (EXIF, XMP, comments, profile) travels.
    plain = Image.new(converted.mode, converted.size)
    plain.paste(converted)
    return plain


def _pdf_pages(data: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EvidenceRefused("evidence_pdf_encrypted")
        pages = len(reader.pages)
        for page in reader.pages[:MAX_PDF_PAGES]:
            _ = page.mediabox.width  # every page has to be there and be a page
    except EvidenceRefused:
        raise
    except Exception as error:  # pypdf raises many kinds for malformed files
        raise EvidenceRefused("evidence_pdf_unreadable") from error
    if pages < 1:
        raise EvidenceRefused("evidence_pdf_unreadable")
    if pages > MAX_PDF_PAGES:
        raise EvidenceRefused("evidence_pdf_too_long", pages=pages, limit=MAX_PDF_PAGES)
    return pages
