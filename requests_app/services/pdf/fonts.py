"""Fonts for the PDF: fontconfig's Noto Sans CJK, embedded as subsets made by HarfBuzz (libharfbuzz-subset0;
without it WeasyPrint falls back to fontTools and a Chinese page takes seconds — see
`harfbuzz_subsetting_available`), cut down to the glyphs used (`compact_fonts`, `compact_cjk_fonts`).
Infrastructure, not a business rule: nothing here knows about cases."""

import contextlib
import functools
import io
import threading

import cffi
import pydyf
from fontTools.cffLib import CFFFontSet
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import ffi as weasyprint_ffi
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration


def harfbuzz_subsetting_available() -> bool:
    """True when WeasyPrint will subset fonts with HarfBuzz (libharfbuzz-subset ≥ 4.1.0), not fontTools."""
    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


# WeasyPrint subsets with HarfBuzz but keeps every glyph id below the highest one used, because its text
# streams use the font's glyph ids. Noto Sans CJK has 65,535 glyphs and common hanzi sit near the top, so
# each embedded weight keeps ~63,000 (empty) glyphs: ~160 KB compressed for a page of Chinese. The
# finisher below (WeasyPrint's documented post-processing hook) re-subsets those fonts with HarfBuzz down
# to the glyphs used and embeds the bare CID-keyed CFF (FontFile3 /CIDFontType0C, the classic embedding
# of CJK fonts): there the charset maps each CID, i.e. each glyph id in the text, to its glyph, so the
# text streams stay valid. It only does so when the result's charset holds every CID the text uses;
# otherwise the font is left as WeasyPrint made it.

_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode, void *user_data, void *destroy);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_table(const hb_face_t *face, hb_tag_t tag);
unsigned int hb_face_get_glyph_count(const hb_face_t *face);
hb_tag_t hb_tag_from_string(const char *str, int len);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_HB_MEMORY_MODE_DUPLICATE = 0
_HB_SUBSET_FLAGS = 0x1 | 0x4 | 0x200  # NO_HINTING | DESUBROUTINIZE | NO_LAYOUT_CLOSURE
_HB_SUBSET_SETS_DROP_TABLE_TAG = 3
#: Tables dropped before subsetting: only the CFF table is kept, and HarfBuzz 6 still adds the glyphs the
#: layout tables reach from the ones asked for (about 230 more for a page of Chinese) unless they are gone.
_DROPPED_TABLES = (b"GSUB", b"GPOS", b"BASE", b"JSTF", b"VORG", b"vhea", b"vmtx")


@functools.cache
def _harfbuzz():
    """(ffi, libharfbuzz, libharfbuzz-subset), or None when they cannot be loaded."""
    ffi = cffi.FFI()
    ffi.cdef(_HB_CDEF)
    try:
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except OSError:
        return None


def _cff_subset(font_file: bytes, cids: set[int]) -> bytes | None:
    """The CFF table of `font_file` (an OpenType CFF font) cut down to the glyphs `cids`, CIDs kept in its
    charset; None when it is not CID-keyed or its charset would not hold every one of `cids`."""
    loaded = _harfbuzz()
    if loaded is None:
        return None
    ffi, hb, _ = loaded
    blob = hb.hb_blob_create(font_file, len(font_file), _HB_MEMORY_MODE_DUPLICATE, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)
    try:
        return _face_cff_subset(face, cids)
    finally:
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _face_cff_subset(face, cids: set[int]) -> bytes | None:
    """The CFF table of HarfBuzz face `face` cut down to the glyphs `cids` (and .notdef, and any HarfBuzz
    adds), each keeping its CID; None unless the result is CID-keyed and its charset holds every one of
    `cids`, in increasing glyph order."""
    ffi, hb, hb_subset = _harfbuzz()
    count = hb.hb_face_get_glyph_count(face)
    keep = sorted({0, *(cid for cid in cids if cid < count)})
    subset_input = hb_subset.hb_subset_input_create_or_fail()
    if subset_input == ffi.NULL:
        return None
    try:
        glyphs = hb_subset.hb_subset_input_glyph_set(subset_input)
        for glyph in keep:
            hb.hb_set_add(glyphs, glyph)
        dropped = hb_subset.hb_subset_input_set(subset_input, _HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in _DROPPED_TABLES:
            hb.hb_set_add(dropped, hb.hb_tag_from_string(tag, 4))
        hb_subset.hb_subset_input_set_flags(subset_input, _HB_SUBSET_FLAGS)
        subset = hb_subset.hb_subset_or_fail(face, subset_input)
    finally:
        hb_subset.hb_subset_input_destroy(subset_input)
    if subset == ffi.NULL:
        return None
    try:
        cff = _cff_table(subset)
    finally:
        hb.hb_face_destroy(subset)
    return cff if cff and _charset_holds(cff, keep) else None


def _cff_table(face) -> bytes:
    """The bytes of `face`'s CFF table (empty when it has none)."""
    ffi, hb, _ = _harfbuzz()
    table = hb.hb_face_reference_table(face, hb.hb_tag_from_string(b"CFF ", 4))
    try:
        length = ffi.new("unsigned int *")
        data = hb.hb_blob_get_data(table, length)
        return bytes(ffi.buffer(data, length[0])) if length[0] else b""
    finally:
        hb.hb_blob_destroy(table)


def _cids(cff: bytes) -> list[int] | None:
    """The CID of each glyph of CFF table `cff` in glyph order; None unless it is CID-keyed."""
    try:
        font_set = CFFFontSet()
        font_set.decompile(io.BytesIO(cff), None)
        top = font_set.topDictIndex[0]
        if not hasattr(top, "ROS"):
            return None
        return [0 if name == ".notdef" else int(name.removeprefix("cid")) for name in top.charset]
    except Exception:  # a malformed table is simply not used
        return None


def _charset_holds(cff: bytes, cids: list[int]) -> bool:
    """True when `cff` is CID-keyed and its charset has each of `cids`, in increasing glyph order."""
    held = _cids(cff)
    return held is not None and held == sorted(held) and set(cids) <= set(held)


def _object(pdf: pydyf.PDF, reference):
    if isinstance(reference, bytes):
        reference = reference.decode()
    return pdf.objects[int(str(reference).split()[0])]


def _cids_in_widths(widths) -> set[int]:
    """The CIDs a /W array gives widths for: [first [w1 w2 …] first [w1 …] …]."""
    cids = set()
    for first, run in zip(widths[::2], widths[1::2], strict=False):
        cids.update(range(first, first + len(run)))
    return cids


# WeasyPrint itself makes each subset in two HarfBuzz passes over the full font (the glyphs used, keeping
# their ids; then every glyph id up to the highest used), 25–40 ms a weight for a page of Chinese, before
# the finisher cuts the result down a third time. Inside `compact_fonts()`, a CID-keyed CFF font is instead
# cut once, straight from the full font, to the bare CFF the finisher would have made (about 10 ms a
# weight): `Font.subset` is wrapped to do so, and `compact_cjk_fonts` then labels the font as CID-keyed CFF.
# Any other font, or one with glyphs missing (WeasyPrint then draws .notdef boxes), or hinting asked for,
# goes through WeasyPrint's own subsetting as before.
_compacting = threading.local()
_weasyprint_subset = Font.subset


@contextlib.contextmanager
def compact_fonts():
    """Within this block, WeasyPrint's PDF output (in this thread) embeds CID-keyed CFF fonts as bare CFF
    subsets made in one pass; use `compact_cjk_fonts` as the finisher of the same `write_pdf`."""
    _compacting.active = True
    try:
        yield
    finally:
        _compacting.active = False


#: Per full font (family, face index, glyph count, file size): whether each glyph's CID is its glyph id, so
#: that a subset keeping CIDs keeps the glyph ids WeasyPrint's text streams use (true of Noto Sans CJK).
_cids_are_glyph_ids: dict[tuple, bool] = {}


def _subset(font: Font, to_unicode, hinting) -> None:
    loaded = _harfbuzz()
    if getattr(_compacting, "active", False) and to_unicode and not hinting and not font.missing:
        if "CFF " in font.tables and loaded is not None:
            ffi, _, _ = loaded
            face = ffi.cast("hb_face_t *", int(weasyprint_ffi.cast("uintptr_t", font.hb_face)))
            key = (font.family, font.index, font.glyph_count, len(font.file_content))
            if key not in _cids_are_glyph_ids:  # ~60 ms, once per font and process
                _cids_are_glyph_ids[key] = _cids(_cff_table(face)) == list(range(font.glyph_count))
            cff = _face_cff_subset(face, set(to_unicode)) if _cids_are_glyph_ids[key] else None
            if cff is not None:
                font.file_content = cff
                font.bare_cff = True
                return
    _weasyprint_subset(font, to_unicode, hinting)


Font.subset = _subset


def _label_bare_cff(document, pdf: pydyf.PDF) -> None:
    """Label the fonts `_subset` cut to bare CFF: WeasyPrint, seeing no OpenType header, described them as
    TrueType (CIDFontType2 in a FontFile2); they are CID-keyed CFF (CIDFontType0 in a FontFile3 of subtype
    CIDFontType0C), their CIDs the glyph ids of the text."""
    names = {font.name for font in document.fonts.values() if getattr(font, "bare_cff", False)}
    if not names:
        return
    for obj in pdf.objects:
        if (
            isinstance(obj, pydyf.Dictionary)
            and obj.get("Subtype") == "/CIDFontType2"
            and obj.get("BaseFont") in names
        ):
            descriptor = _object(pdf, obj["FontDescriptor"])
            stream = _object(pdf, descriptor.pop("FontFile2"))
            descriptor["FontFile3"] = stream.reference
            stream.extra.pop("Length1", None)
            stream.extra["Subtype"] = "/CIDFontType0C"
            obj["Subtype"] = "/CIDFontType0"
            obj.pop("CIDToGIDMap", None)


def compact_cjk_fonts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: embed each CFF-based font as a bare CID-keyed CFF holding only the glyphs used
    (see the comments above); fonts it cannot safely cut down are left as they are."""
    _label_bare_cff(document, pdf)
    users: dict[int, list] = {}
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/CIDFontType0":
            descriptor = _object(pdf, obj["FontDescriptor"])
            if "FontFile3" in descriptor:
                stream = _object(pdf, descriptor["FontFile3"])
                users.setdefault(id(stream), [stream]).append(obj)
    for stream, *fonts in users.values():
        if stream.extra.get("Subtype") != "/OpenType":
            continue
        cids = set().union(*(_cids_in_widths(font.get("W", ())) for font in fonts))
        cff = _cff_subset(b"".join(stream.stream), cids)
        if cff is None:
            continue
        stream.stream = [cff]
        stream.extra["Subtype"] = "/CIDFontType0C"
        for font in fonts:
            font.pop("CIDToGIDMap", None)  # only meaningful for CIDFontType2


# A FontConfiguration and the parsed stylesheet are reused between renders (about 25 ms of ~130 ms); Pango
# font maps are not thread-safe, so each thread has its own.
_per_thread = threading.local()


def thread_font_config() -> FontConfiguration:
    font_config = getattr(_per_thread, "font_config", None)
    if font_config is None:
        font_config = _per_thread.font_config = FontConfiguration()
    return font_config
