"""The program report speaks the edition's language: every word from its ``report.*``
strings, ``<html lang>`` from its language; the English report reads as it always has; and
the report's code holds no sentence of its own (a new one goes into strings/en.yml and every
translation)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from testdata.program import start_cycle

from mentorguide.cli.main import main
from mentorguide.edition.edition import Edition
from mentorguide.edition.strings import english, load_strings
from mentorguide.program import Location, ProgramInfo, charts, checkins, health, report
from mentorguide.program.report import render_report
from mentorguide.program.sample import sample_health, sample_report
from tests.conftest import SOCIETY_FIXTURE

from .conftest import new_program
from .literals import english_literals

SPANISH = Edition(strings=load_strings("es"))
#: The modules that write the report's words: every sentence they show is a string.
REPORT_CODE = [Path(m.__file__ or "") for m in (report, health, charts)]


def test_a_spanish_editions_report_is_spanish_with_its_language_on_the_page() -> None:
    html = sample_report(SPANISH)
    assert html.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert "<h1>Programa de ejemplo de mentoría para técnicos de farmacia: ciclo 2027</h1>" in html
    assert (
        '<p class="lead">Del 2027-01-04 al 2027-12-17;\nsituación al 2027-10-01. Para la '
        "coordinación: incluye nombres de personas; manténgalo en privado.</p>"
    ) in html
    assert '<h2 id="health">Parejas según su estado</h2>' in html
    assert '<h2 id="attention">Parejas que requieren atención</h2>' in html
    assert '<th scope="row">Estancada en una etapa</th>' in html
    assert '<title id="stages-title">Etapa alcanzada por las parejas, mes a mes</title>' in html


def test_a_spanish_report_names_its_months_in_spanish() -> None:
    html = sample_report(SPANISH)
    assert '<th scope="row">Marzo de 2027</th>' in html
    assert "March" not in html


def test_a_spanish_report_counts_the_evaluations_in_a_spanish_sentence() -> None:
    sample = sample_health(SPANISH.strings)
    mentees = sum(1 for p in sample.pairs for e in p.evaluations if e.role == "mentee")
    html = sample_report(SPANISH)
    assert (
        f"<caption>Metas alcanzadas, evaluaciones de los mentorados ({mentees} en total)</caption>"
    ) in html


def test_a_spanish_leadership_report_hides_small_counts_in_spanish() -> None:
    sample = sample_health(SPANISH.strings)
    info = ProgramInfo("Programa", None, sample.cycle.created_at, "")
    html = render_report(info, sample, "leadership", edition=SPANISH)
    assert (
        "Para la dirección: solo datos agregados, sin nombres y sin recuentos menores que 5."
    ) in html
    assert (
        '<tr><th scope="row">Terminada</th><td>menos de 5</td>'
        "<td>no se muestra (un recuento menor que 5)</td></tr>"
    ) in html


def test_the_english_report_keeps_its_words() -> None:
    html = sample_report(Edition())
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<h1>Sample Technician Mentorship Program: cycle 2027</h1>" in html
    assert (
        '<p class="lead">2027-01-04 to 2027-12-17;\nas of 2027-10-01. For the coordinator: '
        "names people; keep it private.</p>"
    ) in html
    assert '<h2 id="health">Pairs by health</h2>' in html
    assert '<th scope="row">March 2027</th>' in html
    assert "<td>Initiation since 2027-02-08</td>" in html


def test_every_state_the_report_names_has_a_string() -> None:
    t = english()
    keys = [
        *(f"report.health.{h.replace('-', '_')}" for h in health.HEALTHS),
        *(f"report.stage.{s}" for s in checkins.STAGES),
        *(f"report.goals.{g}" for g in checkins.GOALS_REACHED),
        *(f"report.answer.{a}" for a in checkins.NEXT_CYCLE),
        *(f"report.frequency.{f}" for f in health.FREQUENCY_DAYS),
        *(f"report.month.{m}" for m in range(1, 13)),
    ]
    assert [k for k in keys if k not in t.table] == []


def test_program_report_writes_the_projects_language(
    sqlite_location: Location, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with new_program(sqlite_location) as program:
        start_cycle(program, tmp_path / "surveys", "2027-spring", 4)
    out = tmp_path / "report.html"
    code = main(
        ["program", "report", "--cycle", "2027-spring", "--db", str(sqlite_location.path),
         "-o", str(out), "--as-of", "2027-03-15", "--project", str(SOCIETY_FIXTURE)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    html = out.read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert '<h2 id="enrollment">Inscripción y tasa de emparejamiento</h2>' in html
    assert '<tr><th scope="row">Mentorados inscritos</th><td>4</td></tr>' in html


def test_the_scan_finds_a_sentence_in_code_but_not_markup_or_keys() -> None:
    source = (
        '"""A docstring."""\n'
        'STYLE = "body { font: 16px system-ui, sans-serif; }"\n'
        "LABEL = 'Every running pair is on track.'\n"
        'x = f\'<h2 id="{key}">{t("report.heading_health")}</h2>\'\n'
        "y = f'Pair {n} is stuck'\n"
        "z = ('on-track', '%Y-%m', '#0072B2', '—')\n"
    )
    assert english_literals(source) == [
        (3, "Every running pair is on track."),
        (5, "Pair {} is stuck"),
    ]


@pytest.mark.parametrize("path", REPORT_CODE, ids=lambda p: p.name)
def test_the_reports_code_holds_no_sentence_of_its_own(path: Path) -> None:
    assert english_literals(path.read_text("utf-8")) == []


def test_a_hostile_translation_is_escaped_like_any_other_text() -> None:
    hostile = replace(
        SPANISH.strings,
        table={**SPANISH.strings.table, "report.heading_health": "<b>Estado</b> & más"},
    )
    html = sample_report(Edition(strings=hostile))
    assert '<h2 id="health">&lt;b&gt;Estado&lt;/b&gt; &amp; más</h2>' in html
