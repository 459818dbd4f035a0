"""Fit scores of every mentee–mentor pair, from the guide's matching criteria.

The score of a pair is ``100 × Σ weight_c × credit_c / Σ weight_c`` over the criteria that
apply to the mentee (see ``default-weights.yml`` for each criterion and its default weight).
Every criterion except experience is *bilinear* in the two people's answers: a credit such
as "share of the mentee's goals the mentor's expertise covers" is the mentee's (normalized)
choice vector times the mentor's choice vector. So all of them together are one matrix
product of a mentee feature matrix (weights and normalization folded in) with a mentor
indicator matrix, computed a block of mentees at a time; experience, which compares two
numbers, is added per block by broadcasting. No Python loop runs over pairs.

Scores are rounded to :data:`SCORE_DECIMALS` decimals: the solvers optimise exactly the
values written to ``pairs.csv`` and ``scores.csv``, and differences below that are noise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from pydantic import Field, model_validator

from ..content.errors import Problem
from ..content.fields import Model
from ..content.sources import Source, parse_yaml, read_yaml
from ..content.validation import validate
from . import fields as f
from .fields import check_surveys
from .responses import Responses
from .spec import normalize

Matrix = npt.NDArray[np.float32]
Vector = npt.NDArray[np.float64]

SCORE_DECIMALS = 1
#: Blocks of the score matrix hold about this many pairs (16 MB as float32), so scoring
#: 10,000 × 5,000 needs only the result and a few block-sized temporaries.
BLOCK_PAIRS = 1 << 22

#: The criteria, in the order reports list them, with the words reports use.
CRITERIA = {
    "career_goals": "career goals",
    "areas_to_improve": "areas to improve",
    "certifications": "certifications",
    "experience": "experience",
    "frequency": "meeting frequency",
    "platform": "meeting platform",
    "qualities": "mentor qualities",
    "interests": "personal interests",
}

DEFAULT_WEIGHTS_NAME = "<mentorguide>/matching/default-weights.yml"

#: A criterion's weight: any non-negative number; only the ratios between weights matter.
Weight = Annotated[float, Field(ge=0, le=1000)]


class CriterionWeights(Model):
    career_goals: Weight
    """Mentee's career goals covered by the mentor's expertise."""
    areas_to_improve: Weight
    """Mentee's areas for improvement covered by the mentor's expertise."""
    certifications: Weight
    """Certifications the mentee wants that the mentor holds."""
    experience: Weight
    """Experience gap (experienced model) or similar tenure (peer model)."""
    frequency: Weight
    """Same desired meeting frequency."""
    platform: Weight
    """Meeting platforms in common."""
    qualities: Weight
    """Qualities the mentee values that the mentor brings."""
    interests: Weight
    """Personal interests in common."""

    @model_validator(mode="after")
    def _some_weight(self) -> CriterionWeights:
        if not any(self.model_dump().values()):
            raise ValueError("at least one weight must be above 0")
        return self


class ExperienceSettings(Model):
    experienced_gap_years: float = Field(gt=0, le=60)
    """Experienced model: years more than the mentee's for full credit."""
    peer_range_years: float = Field(gt=0, le=60)
    """Peer model: years apart at which the credit reaches zero."""


class FrequencySettings(Model):
    adjacent: float = Field(ge=0, le=1)
    """Credit when the two frequencies are one step apart."""


class Weights(Model):
    weights: CriterionWeights
    """How much each criterion counts."""
    experience: ExperienceSettings
    """How experience is credited."""
    frequency: FrequencySettings
    """How meeting frequencies are credited."""


class WeightsError(Exception):
    """A weights file with problems, each as ``file:line:col: path: message``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _merge(base: Any, top: Any) -> Any:
    """``top`` over ``base``: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(top, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in top.items()}}
    return top


def _default_source() -> Source:
    text = resources.files(__package__).joinpath("default-weights.yml").read_text("utf-8")
    source, problems = parse_yaml(text, DEFAULT_WEIGHTS_NAME)
    if source is None or problems:  # pragma: no cover - the file ships with the package
        raise WeightsError(problems)
    return source


def default_weights_text() -> str:
    """The documented default weights file, to copy and edit."""
    return resources.files(__package__).joinpath("default-weights.yml").read_text("utf-8")


def _validated(source: Source) -> Weights:
    weights, problems = validate(source, Weights)
    if weights is None:
        raise WeightsError(problems)
    return weights


def default_weights() -> Weights:
    return _validated(_default_source())


def load_weights(path: Path, display: str | None = None) -> Weights:
    """A weights file over the defaults (it may name only what it changes); raise
    ``WeightsError`` with every problem, located in ``path``."""
    name = display or str(path)
    if not path.is_file():
        raise WeightsError([Problem(name, 1, 1, "", "no such file")])
    source, problems = read_yaml(path, name)
    if source is None or problems:
        raise WeightsError(problems)
    if source.data is None:
        source.data = {}
    if isinstance(source.data, dict):
        source.data = _merge(_default_source().data, source.data)
    return _validated(source)


# --- the score model ---------------------------------------------------------------------


def _shares(choices: npt.NDArray[np.bool_]) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    """Each row divided by its number of choices (empty rows stay 0), and which rows chose."""
    counts = choices.sum(axis=1, keepdims=True)
    answered = counts[:, 0] > 0
    return (choices / np.maximum(counts, 1)).astype(np.float32), answered


def frequency_credit(k: int, adjacent: float) -> Matrix:
    """``[a, b]``: credit of frequencies ``a`` and ``b`` (positions in the ordered list)."""
    steps = np.abs(np.subtract.outer(np.arange(k), np.arange(k)))
    return np.where(steps == 0, 1.0, np.where(steps == 1, adjacent, 0.0)).astype(np.float32)


def experience_credit(
    mentee_years: npt.ArrayLike,
    mentor_years: npt.ArrayLike,
    peer: npt.ArrayLike,
    settings: ExperienceSettings,
) -> npt.NDArray[np.float32]:
    """Experience credit (broadcasting): the gap over ``experienced_gap_years`` (0–1) for
    the experienced model, 1 falling to 0 at ``peer_range_years`` apart for the peer model."""
    gap = np.asarray(mentor_years, dtype=np.float32) - np.asarray(mentee_years, dtype=np.float32)
    experienced = np.clip(gap / np.float32(settings.experienced_gap_years), 0, 1)
    similar = np.clip(1 - np.abs(gap) / np.float32(settings.peer_range_years), 0, 1)
    return np.where(peer, similar, experienced).astype(np.float32)


def interest_words(responses: Responses) -> list[list[str]]:
    """Each person's interests in the form they are compared in."""
    column = responses.values[f.INTERESTS]
    return [[normalize(w) for w in v] if isinstance(v, tuple) else [] for v in column]


#: Mentor years with at most this many distinct values are folded into the matrix product
#: (one indicator column per value); beyond that the experience term is broadcast per block.
MAX_YEAR_LEVELS = 128
_TENTHS = float(10**SCORE_DECIMALS)


@dataclass(frozen=True)
class FitModel:
    """Everything needed to score any block of mentees against all mentors.

    ``mentee_features @ mentor_features.T`` gives every bilinear criterion at once (and the
    experience term, when mentor years take few values), weighted and scaled so the total
    is in tenths of a point on the 0–100 scale; interests add a sparse product.
    """

    mentees: Responses
    mentors: Responses
    weights: Weights
    mentee_features: Matrix
    mentor_features: Matrix
    mentee_interests: sp.csr_array
    mentor_interests: sp.csr_array
    #: per mentee: the weights of the criteria that apply to them (the score's denominator)
    applicable: Vector
    mentee_years: Vector
    mentor_years: Vector
    peer: npt.NDArray[np.bool_]
    """Per mentee: asked for a peer rather than an experienced mentor."""
    #: per mentee, when experience is not in the features: its factor (else None)
    experience_factor: Matrix | None

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentees), len(self.mentors)

    def block(self, rows: slice, out: Matrix | None = None) -> Matrix:
        """Scores of mentees ``rows`` (a slice) against every mentor, rounded; written into
        ``out`` (shape: rows × mentors) when given, so no block-sized copy is made."""
        out = np.matmul(self.mentee_features[rows], self.mentor_features, out=out)
        product = (self.mentee_interests[rows] @ self.mentor_interests).tocoo()
        if product.nnz:
            out[product.row, product.col] += product.data
        if self.experience_factor is not None:
            credit = experience_credit(
                self.mentee_years[rows, None],
                self.mentor_years[None, :],
                self.peer[rows, None],
                self.weights.experience,
            )
            credit *= self.experience_factor[rows, None]
            out += credit
        # In tenths of a point: round to whole tenths, clip float noise off the ends.
        np.rint(out, out=out)
        np.clip(out, 0, 100 * _TENTHS, out=out)
        out /= np.float32(_TENTHS)
        return out

    def blocks(self) -> Iterator[slice]:
        n, m = self.shape
        step = max(1, BLOCK_PAIRS // max(1, m))
        for start in range(0, n, step):
            yield slice(start, min(n, start + step))

    def matrix(self) -> Matrix:
        """Every pair's score: ``[mentee, mentor]``, float32."""
        n, m = self.shape
        out = np.empty((n, m), dtype=np.float32)
        for rows in self.blocks():
            self.block(rows, out[rows])
        return out


def _relative(weights: CriterionWeights) -> CriterionWeights:
    """The weights divided by the largest. Only their ratios matter, and the features are
    float32: weights of 1e-40 would underflow there (and their reciprocal overflow), making
    every score NaN."""
    values = weights.model_dump()
    top = max(values.values())  # above 0: a weights file needs one weight above 0
    return CriterionWeights.model_construct(**{k: v / top for k, v in values.items()})


def fit_model(mentees: Responses, mentors: Responses, weights: Weights) -> FitModel:
    """Encode both sides' answers as matrices for :meth:`FitModel.block`."""
    check_surveys(mentees.spec, mentors.spec)
    w = _relative(weights.weights)
    goals, has_goals = _shares(mentees.choice_matrix(f.CAREER_GOALS))
    areas, has_areas = _shares(mentees.choice_matrix(f.AREAS_TO_IMPROVE))
    wanted, wants_certs = _shares(mentees.choice_matrix(f.CERTIFICATIONS_WANTED))
    platforms, _ = _shares(mentees.choice_matrix(f.PLATFORM))
    qualities, wants_qualities = _shares(mentees.choice_matrix(f.PREFERRED_QUALITIES))
    frequency = mentees.choice_matrix(f.FREQUENCY).astype(np.float32)
    frequency = frequency @ frequency_credit(frequency.shape[1], weights.frequency.adjacent)
    mentee_words = interest_words(mentees)
    mentor_words = interest_words(mentors)
    has_interests = np.array([bool(words) for words in mentee_words], dtype=bool)

    # Platform, frequency and experience are required answers: they always apply.
    applicable = (
        w.career_goals * has_goals
        + w.areas_to_improve * has_areas
        + w.certifications * wants_certs
        + w.qualities * wants_qualities
        + w.interests * has_interests
        + (w.experience + w.frequency + w.platform)
    ).astype(np.float64)
    # Scores are computed in tenths of a point so that rounding them is one rint.
    scale = np.divide(
        100.0 * _TENTHS, applicable, out=np.zeros_like(applicable), where=applicable > 0
    )

    mentee_parts = [
        w.career_goals * goals + w.areas_to_improve * areas,  # both against expertise
        w.certifications * wanted,
        w.frequency * frequency,
        w.platform * platforms,
        w.qualities * qualities,
    ]
    mentor_parts = [
        mentors.choice_matrix(f.EXPERTISE),
        mentors.choice_matrix(f.CERTIFICATIONS),
        mentors.choice_matrix(f.FREQUENCY),
        mentors.choice_matrix(f.PLATFORM),
        mentors.choice_matrix(f.QUALITIES),
    ]
    mentee_years = mentees.numbers(f.YEARS)
    mentor_years = mentors.numbers(f.YEARS)
    peer = np.array([v == "peer" for v in mentees.values[f.PREFERRED_MODEL]], dtype=bool)
    levels, level_of = np.unique(mentor_years, return_inverse=True)
    experience_factor = None
    if levels.size <= MAX_YEAR_LEVELS:
        # Credit depends on the mentor only through their years: one column per value.
        credit = experience_credit(
            mentee_years[:, None], levels[None, :], peer[:, None], weights.experience
        )
        mentee_parts.append(w.experience * credit)
        mentor_parts.append(np.eye(levels.size, dtype=bool)[level_of.ravel()])
    else:
        experience_factor = (w.experience * scale).astype(np.float32)

    mentee_features = np.hstack(mentee_parts).astype(np.float32)
    mentee_features *= scale.astype(np.float32)[:, None]
    # Stored transposed and contiguous: the product reads it column by column.
    mentor_features = np.ascontiguousarray(np.hstack(mentor_parts).astype(np.float32).T)

    mentee_interests, mentor_interests = _interest_matrices(mentee_words, mentor_words)
    per_word = w.interests * scale / np.maximum([len(x) for x in mentee_words], 1)
    mentee_interests = sp.csr_array(sp.diags_array(per_word.astype(np.float32)) @ mentee_interests)
    return FitModel(
        mentees=mentees,
        mentors=mentors,
        weights=weights,
        mentee_features=mentee_features,
        mentor_features=mentor_features,
        mentee_interests=mentee_interests,
        mentor_interests=sp.csr_array(mentor_interests.T),
        applicable=applicable,
        mentee_years=mentee_years,
        mentor_years=mentor_years,
        peer=peer,
        experience_factor=experience_factor,
    )


def _interest_matrices(
    mentee_words: list[list[str]], mentor_words: list[list[str]]
) -> tuple[sp.csr_array, sp.csr_array]:
    """Sparse indicator matrices over the interests both sides mention (others add nothing)."""
    on_mentor_side = {word for words in mentor_words for word in words}
    vocabulary: dict[str, int] = {}
    for words in mentee_words:
        for word in words:
            if word in on_mentor_side:
                vocabulary.setdefault(word, len(vocabulary))

    def indicator(people: list[list[str]]) -> sp.csr_array:
        rows: list[int] = []
        cols: list[int] = []
        for n, words in enumerate(people):
            for word in set(words):
                if word in vocabulary:
                    rows.append(n)
                    cols.append(vocabulary[word])
        data = np.ones(len(rows), dtype=np.float32)
        return sp.csr_array((data, (rows, cols)), shape=(len(people), len(vocabulary)))

    return indicator(mentee_words), indicator(mentor_words)


def score(mentees: Responses, mentors: Responses, weights: Weights) -> Matrix:
    """The fit score (0–100) of every pair, ``[mentee, mentor]``."""
    return fit_model(mentees, mentors, weights).matrix()
