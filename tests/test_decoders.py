"""Decoder vectors: each decoder undoes exactly one layer, and leaves text alone."""

from __future__ import annotations

import base64
import html
import html.entities
import json
import random
import string
import unicodedata
from pathlib import Path

import pytest

from node import decoders

VECTORS = json.loads((Path(__file__).parent / "data" / "decoders.json").read_text())
DECODERS = {
    "percent": decoders.percent_decode,
    "asp": decoders.asp_percent_decode,
    "html": decoders.html_decode,
    "js": decoders.js_decode,
    "base64": decoders.base64_decode,
    "hex": decoders.hex_decode,
}


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['decoder']}:{v['input'][:24]}")
def test_decoder_vector(vector: dict[str, str]) -> None:
    assert DECODERS[vector["decoder"]](vector["input"]) == vector["output"]


def test_layers_peel_nested_encodings() -> None:
    # base64 of a percent-encoded payload, percent-encoded again
    found = decoders.layers("JTI3JTIwT1IlMjAxJTNEMQ%3D%3D", 4096)
    assert any(text == "' OR 1=1" and chain.endswith("base64+percent") for chain, text in found)


def test_layers_read_a_second_form_encoding() -> None:
    # `' OR 1=1` encoded twice with `+` for spaces: PHP's urldecode and Java's URLDecoder,
    # decoding again, read the `+` as spaces; the layer without them stays.
    found = dict(decoders.layers("%27+OR+1%3D1", 4096))
    assert found["form"] == "' OR 1=1" and found["percent"] == "'+OR+1=1"
    assert [chain for chain, _ in decoders.layers("1+1=2", 4096)] == ["plain"]


def test_layers_are_bounded() -> None:
    value = "%25" * 10 + "41"
    assert len(decoders.layers(value, 4096)) <= decoders.MAX_LAYERS


def test_gunzip_is_bounded() -> None:
    import gzip

    bomb = gzip.compress(b"A" * 10_000_000)
    assert len(decoders.gunzip(bomb, 1000)) == 1000


def test_gzip_in_base64_is_inflated_within_bounds() -> None:
    import base64
    import gzip

    packed = base64.b64encode(gzip.compress(b'{"q": "1 AND 1=1"}')).decode()
    assert decoders.base64_decode(packed) == '{"q": "1 AND 1=1"}'
    bomb = base64.b64encode(gzip.compress(b"A" * 10_000_000)).decode()
    assert len(decoders.base64_decode(bomb)) == 65536
    cut = base64.b64encode(b"\x1f\x8b" + bytes(range(40))).decode()  # no gzip after all
    assert decoders.base64_decode(cut) == cut


def test_raw_deflate_is_inflated_only_when_whole() -> None:
    import zlib

    text = b'{"q": "<script>alert(1)</script>"}'
    assert decoders.gunzip(zlib.compress(text)[2:-4], 1000) == text  # no zlib header
    assert decoders.gunzip(text, 1000) == text  # not compressed at all: left as it is
    raw = zlib.compressobj(wbits=-15)
    truncated = (raw.compress(text * 50) + raw.flush())[:40]
    assert decoders.gunzip(truncated, 1000) == truncated  # no whole stream: not trusted


def test_layers_fold_full_width_forms() -> None:
    found = decoders.layers("%EF%BC%87 ＯＲ 1=1", 4096)
    assert ("percent+fullwidth", "' OR 1=1") in found


def test_layers_drop_the_high_bit_of_angle_brackets() -> None:
    # US-ASCII read of Latin-1: ¼ is <, ¾ is >, ¢ is "
    found = decoders.layers("%BCscript%BEalert(%A2XSS%A2)%BC/script%BE", 4096)
    assert ("percent+7bit", '<script>alert("XSS")</script>') in found
    assert [chain for chain, _ in decoders.layers("¼ cup of sugar", 4096)] == ["plain"]
    # Text with no full-width forms gets no such layer.
    assert [chain for chain, _ in decoders.layers("café crème", 4096)] == ["plain"]


# Text without repetition, long enough for folding to start.
PAD = "".join(random.Random(0).choices(string.ascii_letters, k=decoders.FOLD_MIN))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("${{" * 20_000, "${{" * decoders.FOLD_COPIES),
        (PAD + "<svg/onload=alert(1)>" * 500 + "!", PAD + "<svg/onload=alert(1)>" * 32 + "!"),
        # What comes before and after a run is kept as it is.
        ("'" * 5000 + "1 OR 1=1--" + PAD, "'" * 32 + "1 OR 1=1--" + PAD),
        # A run of FOLD_COPIES copies, or of a unit longer than FOLD_UNIT, is not folded.
        (PAD + "(select 1)" * 32 + "a", None),
        (PAD[:300] * 40, None),
        # Near-repeats (records that differ by a number) are not runs.
        ("".join(f'{{"id": {i}, "name": "user"}}' for i in range(200)), None),
        ("short" * 100, None),  # under FOLD_MIN
    ],
    ids=["opener", "tag", "around", "thirty-two", "long-unit", "records", "short"],
)
def test_fold_repeats(text: str, folded: str | None) -> None:
    assert decoders.fold_repeats(text) == (text if folded is None else folded)


def test_fold_repeats_keeps_what_lies_between_runs() -> None:
    text = "'" * 5000 + "1 OR 1=1--" + "ab" * 5000
    folded = decoders.fold_repeats(text)
    # The second run is found within a step of where it starts: a little more of it stays.
    assert folded.startswith("'" * 32 + "1 OR 1=1--ab")
    assert len(folded) <= 32 + 10 + 2 * 32 + 64 + 16


def test_a_text_nothing_decodes_is_one_layer_though_folding_it_again_shortens_it() -> None:
    # The first run is folded where a probe meets it; once it is folded, the probes fall
    # elsewhere in the second, which a second folding shortens again. The `%` has the
    # percent decoder try it, which changes nothing: no second reading of 2 KB.
    text = PAD[:100] + "=" * 80 + PAD[200:400] + "-" * 68 + " 100% " + PAD
    folded = decoders.fold_repeats(text)
    assert decoders.fold_repeats(folded) != folded
    assert decoders.layers(text, 1 << 20) == [("plain", folded)]


def test_layers_fold_repetitions_that_decoding_reveals() -> None:
    # Braces spelled as entities three ways, in no order: no run until they are decoded.
    spellings = random.Random(0).choices(["&#123;", "&#x7b;", "&#0123;"], k=3000)
    assert ("html", "{" * decoders.FOLD_COPIES) in decoders.layers("".join(spellings), 1 << 20)


def test_a_long_text_decodes_to_the_lines_decoding_changed() -> None:
    lines = [f"line {n}: 100% of the text stays as it is & so does this" for n in range(200)]
    lines[120] = "search=%27%20OR%201%3D1--"
    lines[150] = "name=caf\\u00e9"
    text = "\n".join(lines)
    assert len(text) >= decoders.DELTA_MIN
    found = dict(decoders.layers(text, 1 << 20))
    assert found["plain"] == text
    # The decoders of a long text make one layer: each line as all of them decode it.
    assert found["percent+js"] == "search=' OR 1=1--\nname=café"
    # Each changed line decodes as it does inside the whole text.
    assert "search=' OR 1=1--" in decoders.percent_decode(text)


def test_a_layer_of_a_long_text_is_decoded_again_only_where_it_changes() -> None:
    lines = [f"line {n}: 100% of the text stays as it is" for n in range(200)]
    lines[50] = "a=%253Cb%253E"
    lines[60] = "c=\\x3cd\\x3e"
    found = decoders.layers("\n".join(lines), 1 << 20)
    assert [name for name, _ in found] == ["plain", "percent+js", "percent+js+percent"]
    assert found[1][1] == "a=%3Cb%3E\nc=<d>"
    # Short, but lines of a long text: the line a second decoding leaves is not copied.
    assert found[2][1] == "a=<b>"


def test_a_long_text_that_every_decoder_changes_is_one_layer_per_level() -> None:
    # Punctuation with `%` and backslashes in it: each decoder changes something, and apart
    # they and their combinations made eight layers of 64 KB. A payload encoded twice over
    # is in the second level.
    rng = random.Random(3)
    soup = "".join(rng.choice("<>;|&$(){}[]/\\.-=#*%abc ") for _ in range(65536))
    wrapped = "".join(f"\\x{ord(c):02x}" for c in "%3Cscript%3E")  # JS escapes of percent's
    text = soup[:30000] + wrapped + soup[30000:]
    found = decoders.layers(text, 1 << 20)
    assert [name for name, _ in found] == ["plain", "percent+js", "percent+js+percent+js"]
    assert "<script>" not in found[1][1] and "<script>" in found[2][1]


def test_a_json_document_is_decoded_inside_its_strings() -> None:
    """A value that is a JSON document (a filter in a query, an event stringified in a
    field) is decoded inside its strings only, and stays one: an escaped quote, `\\"` or
    `&quot;`, does not end a string where it does not end."""

    def decoded(text: str) -> dict[str, str]:
        return dict(decoders.layers(text, 4096))

    found = decoded('{"q": "\\u003cscript\\u003e \\"best\\" seller\\n<\\/b>"}')
    assert found["js"] == '{"q": "<script> \\"best\\" seller\\n</b>"}'
    assert json.loads(found["js"]) == {"q": '<script> "best" seller\n</b>'}
    assert "js" not in decoded('[{"q": "a\\"b\\u0022c\\u005c\\u000a"}]')  # nothing to undo
    found = decoded('{"q": "3x &quot;Widget Pro&quot; -- #1", "&lt;k&gt;": ["50%25"]}')
    assert json.loads(found["html"]) == {"q": '3x "Widget Pro" -- #1', "<k>": ["50%25"]}
    assert json.loads(found["percent"]) == {
        "q": "3x &quot;Widget Pro&quot; -- #1",
        "&lt;k&gt;": ["50%"],
    }
    # Not a document: decoded whole, as any text is; nor is a probe's nesting rebuilt.
    assert decoded('{"q": "a\\"b" x')["js"] == '{"q": "a"b" x'
    nested = "[" * 300 + '"a&quot;b"' + "]" * 300
    assert decoded(nested)["html"] == nested.replace("&quot;", '"')


def test_a_long_texts_lines_with_only_one_letter_escapes_are_no_javascript_layer() -> None:
    # A manual page's troff: a font change (`\fB`, a form feed to JavaScript) on most lines.
    lines = [f".TP\n\\fB\\-{n}\\fR\nprint the {n}th line\\n of the input" for n in range(200)]
    page = "\n".join(lines)
    assert len(page) >= decoders.DELTA_MIN
    assert [name for name, _ in decoders.layers(page, 1 << 20)] == ["plain"]
    # A line with an escape of a character that spells tokens still is one, all of it.
    lines[90] = "q=\\x3cscript\\x3e\\n\\talert(1)"
    found = dict(decoders.layers("\n".join(lines), 1 << 20))
    assert found["js"] == "q=<script>\n\talert(1)"
    # A short text decodes whole, line breaks and all.
    assert dict(decoders.layers("a\\r\\nSet-Cookie: b", 4096))["js"] == "a\r\nSet-Cookie: b"


def test_a_long_text_is_normalised_line_by_line_as_it_is_whole() -> None:
    rng = random.Random(3)
    pieces = [
        *string.ascii_letters,
        " ",
        "\r",
        "ＯＲ",
        "①",
        "…",
        "ﬁ",
        "e\u0301",
        "\u0301",
        "µ",
        "ｓｃｒｉｐｔ",
    ]
    lines = ["".join(rng.choices(pieces, k=rng.randrange(0, 40))) for _ in range(400)]
    text = "\n".join(lines)
    assert len(text) >= decoders.DELTA_MIN
    assert decoders.nfkc(text) == unicodedata.normalize("NFKC", text)
    assert decoders.nfkc("\u0301\nＯＲ") == unicodedata.normalize("NFKC", "\u0301\nＯＲ")


def test_a_long_text_folds_the_lines_with_full_width_forms() -> None:
    lines = [f"line {n}: plain text … with a dash — here" for n in range(200)]
    lines[77] = "q=＇ ＯＲ 1=1"
    found = dict(decoders.layers("\n".join(lines), 1 << 20))
    assert found["fullwidth"] == "q=' OR 1=1"


def test_a_long_texts_foldings_go_with_its_escapes_one_layer_per_level() -> None:
    # Chinese on one line, with full-width punctuation and escapes throughout (a manual
    # page's troff): escapes and foldings apart, and their orders, made four layers of it.
    rng = random.Random(4)
    words = ["中文", "字符", "（注）", "！", "\\fB", "%20", "¼", "¾", " "]
    text = "".join(rng.choices(words, k=12000))
    assert "\n" not in text and len(text) >= decoders.DELTA_MIN
    payload = "%3Cscript%3E ＜ｉｍｇ＞ ¼svg¾"
    found = decoders.layers(text[:20000] + payload + text[20000:], 1 << 20)
    assert [name for name, _ in found] == ["plain", "percent+js+7bit+fullwidth"]
    # The high bit dropped before NFKC, which makes `¼` `1⁄4`.
    assert "<script> <img> <svg>" in found[1][1]
    # Without both `¼` and `¾`, no 7-bit reading; in a short text, a layer each.
    short = [name for name, _ in decoders.layers("%3C ＜ｂ＞ ¼", 4096)]
    assert short == ["plain", "percent", "fullwidth", "percent+fullwidth"]


def test_a_short_text_decodes_whole_and_a_long_line_in_pieces() -> None:
    short = "a%20b\nc"
    assert dict(decoders.layers(short, 4096))["percent"] == "a b\nc"
    # A long text of one line: the pieces decoding changed, with those beside them, as
    # the lines of a text of many (a minified script with a few escapes in it).
    words = " ".join(random.Random(1).choices(string.ascii_lowercase, k=decoders.DELTA_MIN))
    single = words[:3000] + "%3Cscript%3E" + words[3000:] + "%20y"
    pieces = decoders._pieces(single)
    assert "".join(pieces) == single and len(pieces) > 10
    found = dict(decoders.layers(single, 1 << 20))["percent"].split("\n")
    assert len(found) == 2 and len(found[0]) < 4 * decoders._PIECE
    assert "<script>" in found[0] and found[0] in decoders.percent_decode(single)
    assert found[1].endswith(" y") and found[1] in decoders.percent_decode(single)
    # Every piece changed: the whole text decoded, in one.
    escaped = "%20".join(words.split(" "))
    assert dict(decoders.layers(escaped, 1 << 20))["percent"] == words


@pytest.mark.parametrize(
    "escape",
    ["%41", "%u0041", "\\x41", "\\u0041", "\\u{41}", "\\101", "&#x41;", "&#65;", "&lt;", "\\'"],
)
def test_a_long_line_is_never_cut_inside_an_escape(escape: str) -> None:
    rng = random.Random(5)
    line = "".join(rng.choice(["<", " ", "(", escape, "a", "/"]) for _ in range(5000))
    assert "".join(decoders.percent_decode(p) for p in decoders._pieces(line)) == (
        decoders.percent_decode(line)
    )
    for decode in (decoders.js_decode, decoders.html_decode):
        assert "".join(decode(piece) for piece in decoders._pieces(line)) == decode(line)


def test_a_long_rewritten_text_is_looked_at_again_only_where_it_changed() -> None:
    before = "\n".join(f"line {n} of the page" for n in range(400))
    after = before.replace("line 7 ", "l'i'ne 7 ").replace("line 9 ", "line 9  ")
    assert len(after) >= decoders.DELTA_MIN
    assert decoders.changed_lines(before, after) == "l'i'ne 7 of the page\nline 9  of the page"
    # Short texts, and rewritings that moved line breaks, are looked at whole.
    assert decoders.changed_lines("a'b\nc", "ab\nc") == "ab\nc"
    assert decoders.changed_lines(before, after.replace("\n", " ", 1)) == after.replace(
        "\n", " ", 1
    )


def test_percent_decoding_in_a_declared_charset() -> None:
    """As ASP.NET reads a form posted with `charset=ibm037`: escaped and bare bytes alike
    are EBCDIC (`L`, 0x4C, is `<` there), and `+` is the byte 0x20."""
    assert decoders.percent_decode_as("%A2%83%99%89%97%A3L", "cp037") == "script<"
    assert decoders.percent_decode_as("L+%4C", "cp037") == b"\x4c\x20\x4c".decode("cp037")


def test_translation_touches_only_texts_holding_its_characters() -> None:
    quotes = decoders.Translation({ord("\u00a2"): '"', ord("\u00a7"): "'"})
    plain = "caf\u00e9 au lait"  # non-ASCII, nothing to translate
    assert quotes(plain) is plain
    assert quotes("x\u00a2 onerror=\u00a7y") == "x\" onerror='y"
    with pytest.raises(ValueError, match="non-ASCII"):
        decoders.Translation({ord("a"): "b"})


def test_a_long_text_is_translated_line_by_line_as_it_is_whole() -> None:
    breaks = decoders.Translation({0x560A: "\n", 0x250A: 0x0A, 0x00E9: "e"})
    rng = random.Random(2)
    pieces = ["plain ", "caf\u00e9 ", "\u560a", "\u250a", "\n", "\u2014", "x"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    assert len(text) >= decoders.DELTA_MIN and "\n" in text
    assert breaks(text) == text.translate(breaks.table)
    line = text.replace("\n", " ")  # one line: translated whole
    assert breaks(line) == line.translate(breaks.table) != line


def test_a_token_of_random_bytes_is_told_from_words_and_serialized_objects() -> None:
    """Base64 of random bytes (a session's, a signature's) is a token: chance spells `qx/`,
    `ll+` or `//0x` in some of them, which no value of any class is made of. Words joined
    by form-encoded spaces, a session file's name and a serialized object's base64 are no
    tokens, nor is base64 of text, which is decoded."""
    rng = random.Random(5)
    tokens = [base64.b64encode(rng.randbytes(rng.choice((16, 32, 48, 96)))) for _ in range(2000)]
    # (Nine in ten: one with a run of four letters or more between `+` is read as text.)
    assert sum(decoders.random_token(token.decode()) for token in tokens) >= 1750
    for found in (
        "ll+8fRMimUqxWVt6T8OhqE8AYS6myp5FuZwyhOLAw9s=",
        "FidA5mA7x7+MQHpGTy4qUe8iiRR+qpUE29Tax+iRm+RpjgkQ1TZv/XDx9i04xC6KZ0zG9Q7DDlfGA",
        "qX/ofcQ+aUvmm2y/0pAezw9HDIdJ14gflfaw",
    ):
        assert decoders.random_token(found)
    for value in (
        "1+UnIoN+SeLeCt+password+FrOm+users",
        "sess_ABC123def456ghi789jkl",
        "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==",
        "gASVHQAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOU",
        "AAEAAAD/////AQAAAAAAAAAMAgAAAElTeXN0ZW0s",
        "c2VsZWN0ICogZnJvbSB1c2Vycw==",  # select * from users
        "3f2a4b9e9d0f2f1a6c1b7e55a1b2c3d4",  # one case: hex, told apart by `opaque`
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ):
        assert not decoders.random_token(value)


def test_a_files_bytes_in_base64_are_a_token_however_long() -> None:
    """A file sent as base64 (a font, an image, in a field or a `data:` URI) holds runs of
    letters between `+` as chance joins them, about one in 1,750 characters: it is a
    token still, read in a millisecond, not scanned for what chance spells in it. Words
    padded to length are not."""
    rng = random.Random(7)
    files = [base64.b64encode(rng.randbytes(60_000)).decode() for _ in range(20)]
    assert all(decoders._WORD_RUN.search(data) for data in files)  # each holds runs
    assert all(decoders.random_token(data) for data in files)
    assert all(decoders.random_token("data:font/woff2;base64," + data) for data in files)
    words = "+UnIoN+SeLeCt+password+FrOm+users"
    assert not decoders.random_token(files[0][:200] + words)


def _utf8_by_byte(raw: bytes) -> str:
    """What `decoders.utf8_lenient` must return, byte by byte: ASCII as it is, overlong
    forms of a character below U+0800 as that character, UTF-8 as UTF-8, any other byte
    as the Latin-1 character of its value."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        lead = raw[i]
        width = {0xC0: 2, 0xC1: 2, 0xE0: 3, 0xF0: 4, 0xF8: 5, 0xFC: 6}.get(lead, 0)
        tail = raw[i + 1 : i + width]
        if (
            width
            and len(tail) == width - 1
            and all(0x80 <= byte < 0xC0 for byte in tail)
            and (lead != 0xE0 or tail[0] < 0xA0)
        ):
            value = lead & 0x01 if width == 2 else 0
            for byte in tail:
                value = value << 6 | (byte & 0x3F)
            if value < 0x800:
                out.append(chr(value))
                i += width
                continue
        for size in (1, 2, 3, 4):
            try:
                out.append(raw[i : i + size].decode("utf-8"))
            except UnicodeDecodeError:
                continue
            i += size
            break
        else:
            out.append(chr(lead))
            i += 1
    return "".join(out)


def test_lenient_utf8_reads_overlong_forms_and_other_bytes_as_the_byte_loop_does() -> None:
    # Leads, continuations and the bytes at the edges of their ranges, mostly.
    edges = b"A/.\x80\x9f\xa0\xaf\xbf\xc0\xc1\xc2\xc3\xdf\xe0\xe1\xed\xef\xf0\xf4\xf5\xf8\xfc\xff"
    rng = random.Random(6)
    for _ in range(20_000):
        raw = bytes(
            rng.choice(edges) if rng.random() < 0.8 else rng.randrange(256)
            for _ in range(rng.randrange(1, 12))
        )
        assert decoders.utf8_lenient(raw) == _utf8_by_byte(raw), raw
    assert decoders.utf8_lenient(b"..%\xc0\xaf..\xf0\x80\x80\xaf") == "..%/../"
    assert decoders.utf8_lenient(b"caf\xe9 \xe2\x82\xac") == "caf\xe9 \u20ac"


def _unescaped_at_each_percent(raw: bytes) -> bytes:
    """The reference: `raw` split at each `%`, each piece that opens with two hex digits
    decoded."""
    pieces = raw.split(b"%")
    out = [pieces[0]]
    for piece in pieces[1:]:
        if len(piece) >= 2 and all(chr(c) in string.hexdigits for c in piece[:2]):
            out += [bytes([int(piece[:2], 16)]), piece[2:]]
        else:
            out += [b"%", piece]
    return b"".join(out)


def test_percents_that_start_no_escape_are_kept_as_splitting_at_each_would_keep_them() -> None:
    # Escapes, stray percents, one hex digit after one, backslashes (which C's decoding of
    # `\xXX` would read) and a byte that is no UTF-8.
    pieces = [b"%", b"\\", b"a", b"4", b"f", b"G", b"%4", b"\\x", b"%41", b"%e9", b"%%", b"\xff"]
    rng = random.Random(7)
    for _ in range(20_000):
        raw = b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert decoders._unescape(raw) == _unescaped_at_each_percent(raw), raw
    assert decoders.percent_decode("100%" + "%" * 10 + "%3Cscript%3E%") == "100%%%%%%%%%%%<script>%"


def test_named_references_decode_as_html_unescape_decodes_them() -> None:
    """HTML5's names, whole or cut, with letters and digits after them, a semicolon or
    none: `decoders._html5_reference` reads each as `html.unescape` does, without it."""
    names = list(html.entities.html5)
    rng = random.Random(3)
    bodies = [name.rstrip(";") for name in names] + names
    for _ in range(20_000):
        name = rng.choice(names).rstrip(";")
        tail = "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randrange(6)))
        body = name[: rng.randrange(1, len(name) + 1)] + tail
        bodies.append(body[:32] + rng.choice(("", ";")))
    for body in bodies:
        if len(body.rstrip(";")) < 2 or not body[0].isalpha():
            continue
        unescaped = html.unescape("&" + body)
        expected = None if unescaped == "&" + body else unescaped
        assert decoders._html5_reference(body) == expected, body
