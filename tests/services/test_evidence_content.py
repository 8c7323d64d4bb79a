"""What an upload is and what is kept of it, decided from the bytes alone (no database)."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from requests_app.services.evidence_content import (
    MAX_EDGE,
    MAX_FILE_BYTES,
    EvidenceRefused,
    evidence_content_check,
    evidence_name_check,
)
from tests import evidence_samples as samples
from tests.fuzz.strategies import FUZZ


def refusal(data: bytes) -> str:
    with pytest.raises(EvidenceRefused) as refused:
        evidence_content_check(data=data)
    assert refused.value.message  # every refusal has words for the person
    return refused.value.code


def test_a_phone_photo_is_kept_as_a_new_jpeg_without_camera_or_location_data():
    original = samples.jpeg(gps=True)
    assert b"PhoneMaker" in original and b"uploader's comment" in original
    kept = evidence_content_check(data=original)
    assert (kept.kind, kept.uploaded_as) == ("jpeg", "jpeg")
    image = Image.open(io.BytesIO(kept.content))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"Exif" not in kept.content and b"PhoneMaker" not in kept.content
    assert b"uploader's comment" not in kept.content
    assert "comment" not in image.info and "exif" not in image.info
    assert (kept.width, kept.height) == (64, 48) == image.size


def test_a_big_photo_is_downscaled_and_turned_upright():
    kept = evidence_content_check(data=samples.jpeg(size=(4000, 3000), orientation=6))
    # Orientation 6: the camera was held upright, so the kept picture is portrait.
    assert (kept.width, kept.height) == (MAX_EDGE * 3 // 4, MAX_EDGE)


def test_heic_from_an_iphone_is_kept_as_jpeg():
    kept = evidence_content_check(data=samples.heic())
    assert (kept.kind, kept.uploaded_as) == ("jpeg", "heif")
    assert Image.open(io.BytesIO(kept.content)).format == "JPEG"


def test_png_stays_png_with_its_transparency():
    kept = evidence_content_check(data=samples.png())
    image = Image.open(io.BytesIO(kept.content))
    assert (kept.kind, image.format, image.mode) == ("png", "PNG", "RGBA")


def test_a_pdf_is_kept_byte_for_byte_with_its_page_count():
    data = samples.pdf(pages=3)
    kept = evidence_content_check(data=data)
    assert (kept.kind, kept.pages, kept.content) == ("pdf", 3, data)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.RENAMED_EXECUTABLE, "evidence_unsupported"),
        (samples.ELF_EXECUTABLE, "evidence_unsupported"),
        (samples.SVG, "evidence_unsupported"),
        (samples.HTML, "evidence_unsupported"),
        (samples.JPEG_HEADER_THEN_HTML, "evidence_markup"),
        (b"", "evidence_empty"),
        (samples.CORRUPT_PDF, "evidence_pdf_unreadable"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500, "evidence_image_unreadable"),
        (samples.jpeg()[:200], "evidence_image_unreadable"),
    ],
    ids=["exe", "elf", "svg", "html", "jpeg-header-html", "empty", "corrupt-pdf", "fake-jpeg", "truncated"],
)
def test_bad_files_are_refused_with_their_code(data, code):
    assert refusal(data) == code


def test_a_real_jpeg_carrying_a_web_page_is_refused():
    assert refusal(samples.real_jpeg_then_html()) == "evidence_markup"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = samples.png_bomb()
    assert len(bomb) < 2 * 1024 * 1024  # small on the wire…
    assert refusal(bomb) == "evidence_image_too_big"  # …900 megapixels once decoded


def test_an_image_just_over_the_pixel_limit_is_refused():
    # 8,000 × 8,000 = 64 megapixels: under Pillow's own bomb limit, over the product's.
    assert refusal(samples.png_bomb(side=8000)) == "evidence_image_too_big"


def test_a_file_over_10_mb_is_refused_whatever_it_is():
    assert refusal(b"%PDF-1.7\n" + b"0" * MAX_FILE_BYTES) == "evidence_too_large"


def test_a_password_protected_pdf_is_refused():
    assert refusal(samples.pdf(password="secret")) == "evidence_pdf_encrypted"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../etc/passwd.jpg", "evidence_name_invalid"),
        ("C:\\Users\\me\\photo.jpg", "evidence_name_invalid"),
        ("photo\x00.jpg", "evidence_name_invalid"),
        ("a" * 496 + ".jpg", "evidence_name_too_long"),
    ],
)
def test_file_names_with_folders_control_characters_or_500_characters_are_refused(name, code):
    with pytest.raises(EvidenceRefused) as refused:
        evidence_name_check(raw_name=name)
    assert refused.value.code == code


@pytest.mark.parametrize("name", ["IMG_0001.HEIC", "终止劳动合同通知书.pdf", "a" * 251 + ".jpg", None])
def test_ordinary_file_names_pass(name):
    evidence_name_check(raw_name=name)


@FUZZ
@given(
    base=st.sampled_from([samples.jpeg(), samples.png(), samples.pdf(1), samples.heic()]),
    cuts=st.lists(st.tuples(st.integers(0, 4000), st.binary(max_size=16)), max_size=4),
)
def test_damaged_files_are_kept_cleanly_or_refused_never_a_crash(base, cuts):
    data = bytearray(base)
    for position, replacement in cuts:
        position %= max(len(data), 1)
        data[position : position + len(replacement)] = replacement
    try:
        kept = evidence_content_check(data=bytes(data))
    except EvidenceRefused as refused:
        assert refused.message
    else:
        assert kept.kind in ("jpeg", "png", "pdf")
        assert (kept.pages or 0) >= 1 or (kept.width >= 1 and kept.height >= 1)


@FUZZ
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_are_refused_with_a_code(data):
    try:
        evidence_content_check(data=data)
    except EvidenceRefused as refused:
        assert refused.code.startswith("evidence_")
