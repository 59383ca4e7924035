"""The chunked file format: round trips, and every kind of tampering fails loudly."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest

from strongroom.platform.keys import streams
from strongroom.platform.keys.crypto import new_key
from strongroom.platform.keys.errors import DecryptionFailed

KEY = new_key()
CONTEXT = b"1\x1ffile-a"
SMALL = 64  # a small chunk size keeps multi-chunk cases cheap
SEGMENT = SMALL + streams.TAG_BYTES


def _sealed(plain: bytes, *, chunk_size: int = SMALL, context: bytes = CONTEXT) -> list[bytes]:
    return list(streams.seal(KEY, [plain], context=context, chunk_size=chunk_size))


def _open(parts: list[bytes], *, key: bytes = KEY, context: bytes = CONTEXT) -> bytes:
    return b"".join(streams.open_stream(key, parts, context=context))


@pytest.mark.parametrize(
    ("size", "chunks"),
    [(0, 1), (1, 1), (SMALL, 1), (3 * SMALL, 3), (3 * SMALL + 5, 4)],
    ids=["empty", "one-byte", "one-chunk", "exact-multiple", "multi-chunk"],
)
def test_round_trip(size: int, chunks: int) -> None:
    plain = os.urandom(size)
    parts = _sealed(plain)
    assert len(parts) == 1 + chunks  # header, then the chunks
    assert sum(map(len, parts)) == streams.HEADER.size + size + chunks * streams.TAG_BYTES
    assert _open(parts) == plain


def test_round_trip_at_the_default_chunk_size_with_ragged_pieces() -> None:
    plain = os.urandom(2 * streams.CHUNK_SIZE + 1234)
    pieces = [plain[i : i + 10_000] for i in range(0, len(plain), 10_000)]
    sealed = b"".join(streams.seal(KEY, pieces, context=CONTEXT))
    assert plain not in sealed
    ragged = [sealed[i : i + 777] for i in range(0, len(sealed), 777)]  # as a storage reads
    assert _open(ragged) == plain


def test_the_same_plain_text_seals_differently_each_time() -> None:
    plain = b"The same receipt, twice"
    assert _sealed(plain) != _sealed(plain)


def test_sealing_is_lazy_memory_stays_bounded() -> None:
    pulled = 0

    def pieces() -> Iterator[bytes]:
        nonlocal pulled
        for _ in range(5000):  # 5 MB, read only as far as needed
            pulled += 1
            yield b"x" * 1000

    sealed = streams.seal(KEY, pieces(), context=CONTEXT, chunk_size=4096)
    for _ in range(10):  # header and nine chunks
        next(sealed)
    assert pulled <= 9 * 5 + 5  # what nine chunks need, plus one chunk of look-ahead


def _joined(parts: list[bytes]) -> bytes:
    return b"".join(parts)


def _segments(plain_size: int = 4 * SMALL + 10) -> tuple[bytes, list[bytes]]:
    """The header and the sealed chunks of a five-chunk stream."""
    sealed = _joined(_sealed(os.urandom(plain_size)))
    body = sealed[streams.HEADER.size :]
    return sealed[: streams.HEADER.size], [
        body[i : i + SEGMENT] for i in range(0, len(body), SEGMENT)
    ]


def _fails(parts: list[bytes], **kwargs: bytes) -> None:
    with pytest.raises(streams.StreamCorrupted):
        _open(parts, **kwargs)


def test_a_flipped_byte_anywhere_fails() -> None:
    sealed = bytearray(_joined(_sealed(os.urandom(3 * SMALL))))
    for position in (0, 5, 9, streams.HEADER.size - 1, streams.HEADER.size, len(sealed) // 2,
                     len(sealed) - 1):
        altered = bytearray(sealed)
        altered[position] ^= 0x01
        _fails([bytes(altered)])


def test_truncation_fails() -> None:
    header, chunks = _segments()
    _fails([header, *chunks[:-1]])  # the last chunk cut off at a chunk boundary
    _fails([header, *chunks[:-1], chunks[-1][:-1]])  # one byte short
    _fails([header])  # nothing after the header
    _fails([header[:-3]])  # not even a whole header
    _fails([])


def test_dropping_swapping_duplicating_and_appending_chunks_fail() -> None:
    header, chunks = _segments()
    _fails([header, chunks[0], *chunks[2:]])  # dropped
    _fails([header, chunks[1], chunks[0], *chunks[2:]])  # swapped
    _fails([header, chunks[0], *chunks])  # duplicated
    _fails([header, *chunks, chunks[-1]])  # appended
    _fails([header, *chunks, b"\x00"])  # one byte appended


def test_chunks_of_another_stream_or_file_do_not_open() -> None:
    header, chunks = _segments()
    other_header, other_chunks = _segments()
    _fails([header, other_chunks[0], *chunks[1:]])  # same key, another stream's chunk
    _fails([other_header, *chunks])  # another stream's header (its nonce prefix)
    _fails([header, *chunks], context=b"1\x1ffile-b")  # moved to another file
    _fails([header, *chunks], key=new_key())  # another file's key


def test_a_header_naming_an_absurd_chunk_size_is_refused_before_buffering() -> None:
    magic, version, _, prefix = streams.HEADER.unpack(_sealed(b"x")[0])
    header = streams.HEADER.pack(magic, version, 2**31, prefix)
    _fails([header, b"\x00" * 100])
    with pytest.raises(ValueError, match="chunk size"):
        _sealed(b"x", chunk_size=streams.MAX_CHUNK_SIZE + 1)


def test_an_unknown_format_is_refused() -> None:
    header, chunks = _segments()
    _fails([b"SRFX" + header[4:], *chunks])
    _fails([header[:4] + b"\x02" + header[5:], *chunks])


def test_corruption_is_a_decryption_failure() -> None:
    assert issubclass(streams.StreamCorrupted, DecryptionFailed)


def test_a_sealed_file_is_read_in_whole_chunks() -> None:
    plain = os.urandom(2 * SMALL + 3)
    handle = io.BytesIO(_joined(_sealed(plain)))
    pieces = list(streams.sealed_pieces(handle))
    assert [len(piece) for piece in pieces] == [streams.HEADER.size, SEGMENT, SEGMENT, 3 + 16]
    assert _open(pieces) == plain
    _fails(list(streams.sealed_pieces(io.BytesIO(_joined(_sealed(plain))[:10]))))
