"""Fonts for the PDF: fontconfig's Noto Sans CJK, embedded as subsets made by HarfBuzz (libharfbuzz-subset0;
without it WeasyPrint falls back to fontTools and a Chinese page takes seconds — see
`harfbuzz_subsetting_available`), then cut down further by `compact_cjk_fonts`. Infrastructure, not a
business rule: nothing here knows about cases."""

import functools
import io
import threading

import cffi
import pydyf
from fontTools.cffLib import CFFFontSet
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
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_HB_MEMORY_MODE_DUPLICATE = 0
_HB_SUBSET_FLAGS = 0x1 | 0x4 | 0x200  # NO_HINTING | DESUBROUTINIZE | NO_LAYOUT_CLOSURE


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
    ffi, hb, hb_subset = loaded
    blob = hb.hb_blob_create(font_file, len(font_file), _HB_MEMORY_MODE_DUPLICATE, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)
    try:
        count = hb.hb_face_get_glyph_count(face)
        keep = sorted({0, *(cid for cid in cids if cid < count)})
        subset_input = hb_subset.hb_subset_input_create_or_fail()
        if subset_input == ffi.NULL:
            return None
        try:
            glyphs = hb_subset.hb_subset_input_glyph_set(subset_input)
            for glyph in keep:
                hb.hb_set_add(glyphs, glyph)
            hb_subset.hb_subset_input_set_flags(subset_input, _HB_SUBSET_FLAGS)
            subset = hb_subset.hb_subset_or_fail(face, subset_input)
        finally:
            hb_subset.hb_subset_input_destroy(subset_input)
        if subset == ffi.NULL:
            return None
        try:
            table = hb.hb_face_reference_table(subset, hb.hb_tag_from_string(b"CFF ", 4))
            length = ffi.new("unsigned int *")
            data = hb.hb_blob_get_data(table, length)
            cff = bytes(ffi.buffer(data, length[0])) if length[0] else b""
            hb.hb_blob_destroy(table)
        finally:
            hb.hb_face_destroy(subset)
    finally:
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
    return cff if cff and _charset_holds(cff, keep) else None


def _charset_holds(cff: bytes, cids: list[int]) -> bool:
    """True when `cff` is CID-keyed and its charset has each of `cids`, in increasing glyph order."""
    try:
        font_set = CFFFontSet()
        font_set.decompile(io.BytesIO(cff), None)
        top = font_set.topDictIndex[0]
        if not hasattr(top, "ROS"):
            return False
        held = [0 if name == ".notdef" else int(name.removeprefix("cid")) for name in top.charset]
    except Exception:  # a malformed table is simply not used
        return False
    return held == sorted(held) and set(cids) <= set(held)


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


def compact_cjk_fonts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: embed each CFF-based font as a bare CID-keyed CFF holding only the glyphs used
    (see the comment above); fonts it cannot safely cut down are left as they are."""
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
