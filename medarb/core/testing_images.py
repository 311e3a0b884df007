"""Image bombs for tests: a few hundred kilobytes that claim billions of bytes of pixels."""

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 30_000, height: int = 30_000, *, rows: int | None = None) -> bytes:
    """A valid greyscale PNG of `width` × `height` whose pixels are zeros, so it compresses to
    almost nothing. `rows` limits the pixel data actually written (the header still claims
    the full size), to keep generating the file cheap."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = height if rows is None else rows
    block = b"\0" * ((width + 1) * min(rows, 256))  # filter byte + pixels, 256 rows at a time
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(block) for _ in range(rows // 256)]
    parts.append(compressor.compress(block[: (width + 1) * (rows % 256)]))
    body = b"".join(parts) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")
