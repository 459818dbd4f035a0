"""Which of several equally good pairs the optimal solver takes as candidates (see
:class:`TieBreak`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .problem import FloatArray, IntArray


@dataclass(frozen=True)
class TieBreak:
    """Which of several equally good pairs a candidate list takes.

    When many people answer alike, whole rows of scores tie, and ``argpartition`` then picks
    the same few mentors for every mentee: the candidates crowd a handful of mentors, match
    few mentees, and the loop below needs hundreds of rounds. Adding a fraction below 1/2 to
    the integer scores changes no order between different scores but breaks every tie by a
    hash of the pair, so tied mentees take their mentors as if at random, and mentors their
    mentees by other bits of the same hash: the candidates then form a random graph, which
    matches almost everyone. It only chooses candidates; the certificate checks exact scores.
    """

    row_words: npt.NDArray[np.uint32]
    column_words: npt.NDArray[np.uint32]

    @classmethod
    def of(cls, n: int, m: int) -> TieBreak:
        rng = np.random.default_rng(0)  # fixed: the same problem gives the same answer
        words = rng.integers(0, 2**32, size=n + m, dtype=np.uint32)
        return cls(words[:n], words[n:])

    def _hash(self, rows: slice | IntArray, columns: IntArray | None) -> npt.NDArray[np.uint32]:
        column = self.column_words if columns is None else self.column_words[columns]
        with np.errstate(over="ignore"):  # the hash wraps around on purpose
            x = self.row_words[rows, None] ^ column[None, :]
            x *= np.uint32(0x9E3779B1)
            x ^= x >> np.uint32(16)
        return x

    def keyed(
        self, units: FloatArray, rows: slice | IntArray, columns: IntArray | None = None
    ) -> FloatArray:
        """``units`` (a block of rows, or of ``rows`` × ``columns``) with ties broken for
        choosing each mentee's mentors."""
        keyed: FloatArray = np.multiply(self._hash(rows, columns), 0.5 / 2**32, dtype=np.float64)
        keyed += units
        return keyed

    def keyed_both(self, units: FloatArray, rows: slice) -> tuple[FloatArray, FloatArray]:
        """``units`` with ties broken for choosing each mentee's mentors, and differently
        for choosing each mentor's mentees."""
        x = self._hash(rows, None)
        by_row: FloatArray = np.multiply(x >> np.uint32(16), 0.5 / 2**16, dtype=np.float64)
        by_row += units
        x &= np.uint32(0xFFFF)
        by_column: FloatArray = np.multiply(x, 0.5 / 2**16, dtype=np.float64)
        by_column += units
        return by_row, by_column
