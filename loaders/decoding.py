"""Reads the bytes of a policy file into text: BOM, UTF-8, GB18030 (and Big5), LF line ends.

Scraped Chinese policy texts come as UTF-8, as GB18030/GBK from older government sites,
or occasionally as Big5. A byte-order mark settles the question; otherwise strict UTF-8
is tried, then charset-normalizer chooses among the Chinese encodings. GB18030 is named
explicitly because detectors split the GBK family (gb2312, gbk, gb18030) and GB18030 is
the superset that decodes all of them.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from policykg.errors import DocumentDecodeError, DocumentError

# The longest seed is 27 kB and the full text of a five-year plan about 0.5 MB. Every ingest
# closes and validates the whole store, at roughly 1 GB of memory and 45 s per MB of text
# (a 4.8 MB text took 4.7 GB and 216 s), so a larger file is refused before it is read.
MAX_DOCUMENT_BYTES = 1024 * 1024
DETECTED_ENCODINGS = ("gb18030", "big5")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class DecodedText:
    text: str  # with LF line ends only
    encoding: str  # Python codec name: utf-8, utf-8-sig, utf-16, gb18030, big5


def decode_bytes(raw: bytes, *, source: str) -> DecodedText:
    """Decode one file's bytes; DocumentError/DocumentDecodeError name `source` and the problem."""
    refuse_oversized(len(raw), source=source)
    if not raw.strip():
        raise DocumentDecodeError(f"{source}: the file is empty; there is no text to decode / 文件为空,没有可读的文字", field="file")
    text, encoding = _decode(raw, source)
    if not text.strip():
        raise DocumentDecodeError(f"{source}: the file holds only whitespace ({encoding}); there is no text / 文件只有空白,没有文字", field="file")
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)


def refuse_oversized(size: int, *, source: str) -> None:
    """DocumentError naming `source` when `size` bytes cannot be one policy text."""
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{source}: {size:,} bytes is larger than the {MAX_DOCUMENT_BYTES:,}-byte limit for one policy text / "
            f"文件 {size:,} 字节,超过单个政策文本 {MAX_DOCUMENT_BYTES:,} 字节的上限",
            field="file",
        )


def _decode(raw: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding, source), encoding
    if b"\x00" in raw:
        raise DocumentDecodeError(
            f"{source}: contains NUL bytes and no UTF-16/32 byte-order mark; it looks like a binary file, not text / "
            "文件含空字节且无 UTF-16/32 字节序标记,像是二进制文件而不是文本",
            field="file",
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=list(DETECTED_ENCODINGS)).best()
    if best is None:
        tried = ", ".join(("utf-8", *DETECTED_ENCODINGS))
        raise DocumentDecodeError(
            f"{source}: not text in any encoding tried ({tried}); convert it to UTF-8 / 按所试编码({tried})都读不出文字,请转为 UTF-8", field="file"
        )
    encoding = "gb18030" if best.encoding in ("gb2312", "gbk", "gb18030") else best.encoding
    return _strict(raw, encoding, source), encoding


def _strict(raw: bytes, encoding: str, source: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise DocumentDecodeError(
            f"{source}: not valid {encoding} at byte {error.start} (the file announces or looks like {encoding}) / "
            f"第 {error.start} 字节处不是有效的 {encoding} 编码",
            field="file",
        ) from error
