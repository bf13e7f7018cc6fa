"""Decoder vectors: each decoder undoes exactly one layer, and leaves text alone."""

from __future__ import annotations

import json
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
}


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['decoder']}:{v['input'][:24]}")
def test_decoder_vector(vector: dict[str, str]) -> None:
    assert DECODERS[vector["decoder"]](vector["input"]) == vector["output"]


def test_layers_peel_nested_encodings() -> None:
    # base64 of a percent-encoded payload, percent-encoded again
    found = decoders.layers("JTI3JTIwT1IlMjAxJTNEMQ%3D%3D", 4096)
    assert any(text == "' OR 1=1" and chain.endswith("base64+percent") for chain, text in found)


def test_layers_are_bounded() -> None:
    value = "%25" * 10 + "41"
    assert len(decoders.layers(value, 4096)) <= decoders.MAX_LAYERS


def test_gunzip_is_bounded() -> None:
    import gzip

    bomb = gzip.compress(b"A" * 10_000_000)
    assert len(decoders.gunzip(bomb, 1000)) == 1000


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
