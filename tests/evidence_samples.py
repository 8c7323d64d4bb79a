"""Files for the evidence tests, made on the spot: good photos and PDFs, and every kind of bad input."""

import functools
import io
import struct
import zlib

from PIL import Image
from PIL.ExifTags import IFD
from pypdf import PdfWriter

GPS_LATITUDE = (31.0, 14.0, 24.5)


def jpeg(size=(64, 48), *, gps: bool = False, orientation: int | None = None, colour=(200, 120, 40)) -> bytes:
    """A JPEG photo; with `gps` it carries camera and location EXIF, as a phone's photo does."""
    image = Image.new("RGB", size, colour)
    exif = image.getexif()
    if gps:
        exif[0x010F] = "PhoneMaker"
        exif[0x0110] = "Phone 15"
        gps_ifd = exif.get_ifd(IFD.GPSInfo)
        gps_ifd[1], gps_ifd[2] = "N", GPS_LATITUDE
        gps_ifd[3], gps_ifd[4] = "E", (121.0, 28.0, 12.0)
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"uploader's comment")
    return out.getvalue()


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 20, 30, 128)).save(out, "PNG")
    return out.getvalue()


def heic(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 90)).save(out, "HEIF")
    return out.getvalue()


def pdf(pages: int = 2, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.cache
def png_bomb(side: int = 30_000) -> bytes:
    """A small PNG (about 1 MB) whose header says side × side pixels: 900 megapixels at 30,000."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


RENAMED_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode."
)
ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
JPEG_HEADER_THEN_HTML = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"\x00garbage" * 50


def real_jpeg_then_html() -> bytes:
    """A real, decodable JPEG with a web page after it: a polyglot."""
    return jpeg() + HTML


def text_pdf(*lines: str, link: str = "") -> bytes:
    """A PDF whose pages carry `lines` as text (one page each), optionally with a link annotation."""
    import weasyprint

    pages = [f'<p style="break-after: page">{line}</p>' for line in lines]
    if link:
        pages[0] = pages[0].replace("</p>", f' <a href="{link}">*</a></p>')
    body = "".join(pages)
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
