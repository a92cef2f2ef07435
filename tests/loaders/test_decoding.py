"""Bytes to text: each seed, GB18030 and Big5 bytes, byte-order marks, line ends, bad input."""

from importlib.resources import files

import pytest

from policykg.errors import DocumentDecodeError, DocumentError
from policykg.loaders.decoding import MAX_DOCUMENT_BYTES, decode_bytes

CORPUS = files("policykg.loaders") / "corpus"
SEEDS = sorted(p.name for p in CORPUS.iterdir() if p.name.endswith(".txt"))
TRADITIONAL = "青海省人民政府關於加強政務誠信建設的實施意見\n各市、自治州人民政府，省政府各委、辦、廳、局：\n為全面貫徹落實國務院關於加強政務誠信建設的指導意見精神。"


def seed_text(name: str) -> str:
    return (CORPUS / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", SEEDS)
def test_decoding_reads_each_seed_as_utf8(name):
    decoded = decode_bytes((CORPUS / name).read_bytes(), source=name)
    assert decoded.encoding == "utf-8"
    assert decoded.text == seed_text(name)


@pytest.mark.parametrize("name", ["000_ce33fc1d13cf098e.txt", "002_2c9410718cd0a972.txt"])
def test_decoding_detects_gb18030_bytes_of_a_seed(name):
    text = seed_text(name)  # seed 000 is traditional with pinyin glosses, seed 002 simplified
    decoded = decode_bytes(text.encode("gb18030"), source=name)
    assert decoded.encoding == "gb18030"
    assert decoded.text == text


def test_decoding_detects_big5_traditional_text():
    decoded = decode_bytes(TRADITIONAL.encode("big5"), source="big5.txt")
    assert (decoded.encoding, decoded.text) == ("big5", TRADITIONAL)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("\ufeff一、总体要求".encode("utf-8"), "utf-8-sig"),
        ("一、总体要求".encode("utf-16"), "utf-16"),  # with a byte-order mark, native order
        (b"\xfe\xff" + "一、总体要求".encode("utf-16-be"), "utf-16"),
        (b"\xff\xfe" + "一、总体要求".encode("utf-16-le"), "utf-16"),
    ],
)
def test_decoding_follows_the_byte_order_mark_and_drops_it(raw, encoding):
    decoded = decode_bytes(raw, source="bom.txt")
    assert (decoded.encoding, decoded.text) == (encoding, "一、总体要求")


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"])
def test_decoding_turns_crlf_and_cr_into_lf(line_end):
    raw = line_end.join(["一、总体要求".encode("gb18030"), "（一）指导思想。".encode("gb18030"), b""])
    assert decode_bytes(raw, source="crlf.txt").text == "一、总体要求\n（一）指导思想。\n"


@pytest.mark.parametrize("raw", [b"", b"  \n\r\n", "\ufeff".encode("utf-8"), "   ".encode("utf-16")])
def test_decoding_refuses_an_empty_file_naming_it(raw):
    with pytest.raises(DocumentDecodeError, match=r"empty\.txt: .*(empty|only whitespace)"):
        decode_bytes(raw, source="empty.txt")


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "一、总体要求".encode("utf-8") + b"\x00\x00\x07\x00",
    ],
)
def test_decoding_refuses_binary_bytes_naming_the_file(raw):
    with pytest.raises(DocumentDecodeError, match=r"picture\.png: contains NUL bytes"):
        decode_bytes(raw, source="picture.png")


@pytest.mark.parametrize(
    "raw",
    [
        "こんにちは世界、これは日本語の文章です。行政の誠実さについて。".encode("shift_jis"),
        "Привет мир, это русский текст о честности правительства".encode("cp1251"),
        bytes(range(128, 256)) * 8,
    ],
)
def test_decoding_refuses_an_unknown_encoding_listing_those_tried(raw):
    with pytest.raises(DocumentDecodeError) as raised:
        decode_bytes(raw, source="mystery.txt")
    assert raised.value.message.startswith("mystery.txt: not text in any encoding tried (utf-8, gb18030, big5)")


def test_decoding_refuses_a_file_over_the_size_limit_naming_file_and_size():
    raw = b"a" * (MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(DocumentError) as raised:
        decode_bytes(raw, source="huge.txt")
    assert not isinstance(raised.value, DocumentDecodeError)
    assert raised.value.message.startswith(f"huge.txt: {MAX_DOCUMENT_BYTES + 1:,} bytes is larger than")
