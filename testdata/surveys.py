"""Sign-up survey answers for tests and benchmarks: realistic spreadsheets whose every choice
comes from the guide's controlled lists in ``content/``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

FIRST = (
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kai",
    "Lena",
    "Malik",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
)

LAST = (
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Johnson",
    "Kim",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Okafor",
    "Patel",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Walker",
    "Yilmaz",
    "Zhang",
)

HOBBIES = (
    "hiking",
    "cooking",
    "reading",
    "gardening",
    "running",
    "yoga",
    "photography",
    "travel",
    "music",
    "painting",
    "cycling",
    "baking",
    "knitting",
    "fishing",
    "chess",
    "movies",
    "podcasts",
    "volunteering",
    "board games",
    "swimming",
    "dancing",
    "camping",
    "soccer",
    "basketball",
    "birdwatching",
    "pottery",
    "writing",
    "crafts",
    "tennis",
    "golf",
)

EDUCATION = (
    "",
    "",
    "High school diploma; ASHP/ACPE-accredited technician training program",
    "Associate degree, pharmacy technology",
    "Bachelor of Science, biology",
    "On-the-job training",
)


def _lists(root: Path) -> dict[str, list[str]]:
    """Option ids of each controlled list, read from the project's content."""
    from mentorguide.project.load import load_project

    content = load_project(root).content
    return {
        "expertise": [e.id for e in content.expertise.expertise],
        "credentials": [c.id for c in content.credentials.credentials],
        "frequencies": [o.id for o in content.options.frequencies],
        "platforms": [o.id for o in content.options.platforms],
        "qualities": [o.id for o in content.options.qualities],
        "pairing-models": [p.id for p in content.program.pairing_models],
    }


def _some(rng: np.random.Generator, items: list[str], low: int, high: int, p: Any = None) -> str:
    k = int(rng.integers(low, high + 1))
    if k == 0:
        return ""
    chosen = rng.choice(len(items), size=min(k, len(items)), replace=False, p=p)
    return ";".join(items[c] for c in sorted(chosen))


def _weights(items: list[str], favourite: str, extra: float) -> Any:
    p = np.ones(len(items))
    if favourite in items:
        p[items.index(favourite)] += extra
    return p / p.sum()


def generate(
    folder: Path,
    n_mentees: int,
    n_mentors: int,
    seed: int = 0,
    root: Path = ROOT,
    *,
    dual_roles: bool = True,
) -> tuple[Path, Path]:
    """Write ``mentees.csv`` and ``mentors.csv`` with realistic answers; return their paths.

    Mentor capacity is drawn so the places add up to about the number of mentees (so some
    competition remains); about 1 % of mentors also signed up as mentees (same id and
    email), as happens in peer programs; ``dual_roles=False`` leaves that out (a program
    enrolls a person in one role per cycle). The same sizes give the same people, by name
    and email, whatever the seed: a program's cycles with returning participants.
    """
    rng = np.random.default_rng(seed)
    lists = _lists(root)
    expertise, credentials = lists["expertise"], lists["credentials"]
    advanced = [c for c in credentials if c != "CPhT"]
    frequencies, platforms = lists["frequencies"], lists["platforms"]
    freq_w = np.array([0.25, 0.6, 0.15])[: len(frequencies)]
    freq_p = freq_w / freq_w.sum() if freq_w.size == len(frequencies) else None
    plat_p = _weights(platforms, "virtual", 2.0)
    hobby_p = 1 / np.arange(1, len(HOBBIES) + 1)  # a few hobbies are much more common
    hobby_p /= hobby_p.sum()

    def name(k: int) -> tuple[str, str]:
        first, last = FIRST[k % len(FIRST)], LAST[(k // len(FIRST)) % len(LAST)]
        return f"{first} {last}", f"{first}.{last}.{k}@example.org".lower()

    def interests() -> str:
        k = int(rng.integers(0, 4))
        if k == 0:
            return ""
        return ";".join(rng.choice(HOBBIES, size=k, replace=False, p=hobby_p))

    mentor_rows: list[list[str]] = []
    ratio = n_mentees / max(1, n_mentors)
    top_capacity = max(1, min(10, round(2 * ratio * 1.05 - 1)))
    for j in range(n_mentors):
        full, email = name(j)
        held = ["CPhT"] if rng.random() < 0.8 else []
        held += _some(rng, advanced, 0, 2).split(";") if advanced else []
        mentor_rows.append(
            [
                f"M{j + 1:05d}",
                full,
                email,
                str(int(rng.integers(3, 31))),
                _some(rng, expertise, 1, 3),
                str(rng.choice(EDUCATION)),
                ";".join(c for c in held if c),
                str(int(rng.integers(2, 11))),
                str(rng.choice(frequencies, p=freq_p)),
                _some(rng, platforms, 1, 3, plat_p),
                str(int(rng.integers(1, top_capacity + 1))),
                _some(rng, lists["qualities"], 1, 4),
                "",
                interests(),
            ]
        )
    mentee_rows: list[list[str]] = []
    both = {int(j) for j in rng.choice(n_mentors, size=n_mentors // 100, replace=False)}
    if not dual_roles:
        both = set()
    for i in range(n_mentees):
        years = float(np.clip(rng.gamma(1.5, 2.0), 0, 40))
        years_text = str(round(years)) if rng.random() < 0.8 else f"{years:.1f}"
        if i in both:  # a mentor who also signed up as a mentee
            person_id, full, email, years_text = mentor_rows[i][:4]
        else:
            full, email = name(n_mentors + i)
            person_id = f"E{i + 1:05d}"
        mentee_rows.append(
            [
                person_id,
                full,
                email,
                years_text,
                str(rng.choice(EDUCATION)),
                _some(rng, expertise, 1, 2),
                _some(rng, expertise, 1, 2),
                "CPhT" if rng.random() < 0.5 else "",
                _some(rng, advanced, 0, 2),
                str(rng.choice(frequencies, p=freq_p)),
                _some(rng, platforms, 1, 3, plat_p),
                _some(rng, lists["qualities"], 0, 3),
                interests(),
                str(rng.choice(lists["pairing-models"], p=[0.75, 0.25][:2])),
            ]
        )
    mentor_header = [
        "id",
        "name",
        "email",
        "years_in_practice",
        "expertise",
        "education",
        "certifications",
        "hours_per_month",
        "frequency",
        "platform",
        "capacity",
        "qualities",
        "mentee_preferences",
        "interests",
    ]
    mentee_header = [
        "id",
        "name",
        "email",
        "years_in_practice",
        "education",
        "areas_to_improve",
        "career_goals",
        "certifications_held",
        "certifications_wanted",
        "frequency",
        "platform",
        "preferred_qualities",
        "interests",
        "preferred_model",
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "mentees.csv", folder / "mentors.csv"
    for path, header, rows in (
        (paths[0], mentee_header, mentee_rows),
        (paths[1], mentor_header, mentor_rows),
    ):
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
    return paths
