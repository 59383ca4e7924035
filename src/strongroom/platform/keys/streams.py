"""Streaming authenticated encryption of files: AES-256-GCM in chunks (the STREAM construction).

A sealed stream is a header followed by sealed chunks::

    header  = "SRFS" | format version (1 byte, 1) | chunk size (4 bytes) | nonce prefix (7 bytes)
    chunk i = AES-256-GCM(key, nonce = prefix | i (4 bytes) | last (1 byte),
                          plain chunk i, associated data = domain | header | context | i | last)

Every chunk but the last holds exactly ``chunk size`` plain bytes; the last holds 0 to ``chunk
size`` (an empty file is one empty last chunk). The counter and the "last chunk" flag are in
both the nonce (as Tink's streaming AEAD does) and the associated data, so reordered, dropped,
duplicated or appended chunks, and a stream cut at a chunk boundary, all fail to open. The
header is authenticated with every chunk, and ``context`` (the file's company and id) binds the
stream to its file. Keys are per file, so chunks of another file never open either.

Neither direction buffers a whole file: memory is bounded by about two chunks.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from strongroom.platform.keys.errors import DecryptionFailed

MAGIC = b"SRFS"
FORMAT_VERSION = 1
CHUNK_SIZE = 64 * 1024
MAX_CHUNK_SIZE = 8 * 1024 * 1024  # a header naming more is refused (memory stays bounded)
TAG_BYTES = 16
PREFIX_BYTES = 7
HEADER = struct.Struct(">4sBI7s")  # magic, version, chunk size, nonce prefix
MAX_CHUNKS = 2**32
_DOMAIN = b"strongroom:file-stream:v1\x00"
_POSITION = struct.Struct(">IB")  # chunk index, last-chunk flag


class StreamCorrupted(DecryptionFailed):
    """A sealed stream does not open: altered, truncated, reordered, extended or not this
    file's."""


def _rechunk(pieces: Iterable[bytes], size: int) -> Iterator[tuple[bytes, bool]]:
    """``pieces`` regrouped into blocks of exactly ``size`` bytes (the last one 0 to ``size``),
    each with whether it is the last. Always yields at least one block."""
    buffer = bytearray()
    ready: bytes | None = None  # a full block held back until we know whether it is the last
    for piece in pieces:
        if not piece:
            continue
        if not buffer and len(piece) == size:  # the common case: no copying
            if ready is not None:
                yield ready, False
            ready = bytes(piece)
            continue
        buffer += piece
        while len(buffer) >= size:
            if ready is not None:
                yield ready, False
            ready = bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        if ready is not None:
            yield ready, False
        yield bytes(buffer), True
    else:
        yield (ready if ready is not None else b""), True


def _associated(header: bytes, context: bytes, index: int, last: bool) -> bytes:
    return _DOMAIN + header + context + b"\x00" + _POSITION.pack(index, last)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + _POSITION.pack(index, last)


def seal(
    key: bytes, plain: Iterable[bytes], *, context: bytes, chunk_size: int = CHUNK_SIZE
) -> Iterator[bytes]:
    """The sealed stream of ``plain`` (pieces of any size): the header, then one sealed chunk
    at a time."""
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size must be 1 to {MAX_CHUNK_SIZE} bytes")
    aead = AESGCM(key)
    header = HEADER.pack(MAGIC, FORMAT_VERSION, chunk_size, os.urandom(PREFIX_BYTES))
    prefix = header[-PREFIX_BYTES:]
    yield header
    for index, (block, last) in enumerate(_rechunk(plain, chunk_size)):
        if index >= MAX_CHUNKS:
            raise ValueError("stream too long for its chunk counter")
        yield aead.encrypt(
            _nonce(prefix, index, last), block, _associated(header, context, index, last)
        )


def _split_header(pieces: Iterator[bytes]) -> tuple[bytes, bytes]:
    """The header and whatever followed it in the pieces read so far."""
    head = b""
    while len(head) < HEADER.size:
        piece = next(pieces, None)
        if piece is None:
            raise StreamCorrupted("the stored file is truncated: its header is incomplete")
        head += piece
    return head[: HEADER.size], head[HEADER.size:]


def sealed_pieces(handle: IO[bytes]) -> Iterator[bytes]:
    """The pieces of a sealed stream read from a file: the header, then whole sealed chunks,
    so that :func:`open_stream` opens them without copying (it accepts any split)."""
    header = handle.read(HEADER.size)
    yield header
    if len(header) < HEADER.size:
        return
    chunk_size = min(max(HEADER.unpack(header)[2], 1), MAX_CHUNK_SIZE)
    while piece := handle.read(chunk_size + TAG_BYTES):
        yield piece


def open_stream(key: bytes, sealed: Iterable[bytes], *, context: bytes) -> Iterator[bytes]:
    """The plain chunks of a sealed stream; raises :class:`StreamCorrupted` at the first chunk
    that does not open, and at the end if the last chunk is missing."""
    pieces = iter(sealed)
    header, rest = _split_header(pieces)
    magic, version, chunk_size, prefix = HEADER.unpack(header)
    if magic != MAGIC or version != FORMAT_VERSION:
        raise StreamCorrupted("the stored file is not a sealed stream of a known format")
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise StreamCorrupted("the stored file's header names an impossible chunk size")
    aead = AESGCM(key)

    def remainder() -> Iterator[bytes]:
        yield rest
        yield from pieces

    for index, (block, last) in enumerate(_rechunk(remainder(), chunk_size + TAG_BYTES)):
        if index >= MAX_CHUNKS:
            raise StreamCorrupted("the stored file is longer than its format allows")
        try:
            yield aead.decrypt(
                _nonce(prefix, index, last), block, _associated(header, context, index, last)
            )
        except InvalidTag:
            raise StreamCorrupted(
                f"chunk {index} of the stored file does not open: the file was altered, "
                "truncated, reordered or extended, or belongs to another file"
            ) from None
