"""pypdf's incremental updates (§7.5.6), corrected where ``qpdf --check`` finds them wrong."""

from __future__ import annotations

import re
import struct
import zlib


def xref_lists_itself(pdf: bytes) -> bytes:
    """``pdf`` whose last cross-reference stream has an entry for itself.

    pypdf's incremental update leaves the stream's own object out of its /Index, so
    ``qpdf --check`` warns that /Size is not one more than the highest object; §7.5.8.3
    lists the stream among the objects it covers."""
    start = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    head = re.match(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", pdf[start:], re.DOTALL)
    if head is None or b"/XRef" not in head[2]:
        return pdf  # a classic xref table (not what pypdf writes here): nothing to correct
    number, entries = int(head[1]), head[2]
    length = re.search(rb"/Length (\d+)", entries)
    index = re.search(rb"/Index \[([\d\s]+)\]", entries)
    if length is None or index is None or b"/DecodeParms" in entries:
        return pdf
    blocks = [int(n) for n in index[1].split()]
    if number in range(blocks[-2], blocks[-2] + blocks[-1]):
        return pdf
    body = pdf[start + head.end() : start + head.end() + int(length[1])]
    data = zlib.decompress(body) + struct.pack(">BIB", 1, start, 0)
    compressed = zlib.compress(data)
    blocks += [number, 1]
    entries = entries.replace(index[0], b"/Index [ " + " ".join(map(str, blocks)).encode() + b" ]")
    entries = entries.replace(length[0], b"/Length %d" % len(compressed))
    return (
        pdf[:start]
        + b"%d 0 obj\n<<" % number
        + entries
        + b">>\nstream\n"
        + compressed
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    )
