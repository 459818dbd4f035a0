"""Render content models into Markdown for the guide's pages (called by the macros).

Text fields are inline Markdown with raw HTML escaped: ``USP <825>`` must print as written
and a stray ``<`` must never open a tag. Headings stay Markdown so the table of contents and
search see them; lists that need data attributes (the question bank) are HTML.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Sequence

from ..content import models as m
from ..content.citations import CITATION
from ..content.load import Content
from ..content.markup import escape_markdown
from ..edition.strings import Strings, load_strings


def escape(text: str) -> str:
    """Escape raw HTML (``<``, ``>``, ``&``) and attribute lists (``{``, ``}``) but keep
    Markdown and ``[@citations]`` working (``content/markup.py``)."""
    return escape_markdown(text)


def html_text(text: str) -> str:
    """Text inside raw HTML, where Markdown is not read (code spans included): all escaped."""
    return html.escape(" ".join(text.split()), quote=False)


def attr(text: str) -> str:
    """A value safe inside a double-quoted HTML attribute."""
    return html.escape(text, quote=True)


def cite(ids: Sequence[str]) -> str:
    """Citation markup for a list of reference ids (turned into links by ``citations``)."""
    return f"[@{'; @'.join(ids)}]" if ids else ""


def cited(text: str, ids: Sequence[str] = ()) -> str:
    return escape(text) + cite(ids)


def heading(level: int, text: str, anchor: str) -> str:
    return f"{'#' * level} {escape(text)} {{ #{anchor} }}"


def bullets(lines: Iterable[str], indent: int = 0) -> str:
    pad = " " * indent
    return "\n".join(f"{pad}- {line}" for line in lines)


class Renderer:
    """Renders each kind of content; ``page`` is the source path of the page being rendered."""

    def __init__(
        self, content: Content, page: str = "index.md", strings: Strings | None = None
    ) -> None:
        self.c = content
        self.page = page
        self.t = strings or load_strings("en")

    def link(self, target: str, anchor: str = "") -> str:
        """A link from the current page to ``target`` (a docs-relative .md path)."""
        base = posixpath.dirname(self.page)
        relative = posixpath.relpath(target, base or ".")
        return f"{relative}#{anchor}" if anchor else relative

    # --- home ----------------------------------------------------------------------------

    def statistics(self) -> str:
        blocks = []
        for survey in self.c.statistics.surveys:
            figures = bullets(
                f"**{escape(f.value)}** {escape(f.statement)}" for f in survey.findings
            )
            blocks.append(
                f'<div class="mg-survey" markdown>\n\n'
                f"**{escape(survey.title)}**, which surveyed {escape(survey.sample)}"
                f"{cite(survey.cite)}:\n\n{figures}\n\n</div>"
            )
        return "\n\n".join(blocks)

    # --- credentials and roles -------------------------------------------------------------

    def credentials(self) -> str:
        c = self.c
        parts = [cited(c.credentials.intro)]
        for credential in c.credentials.credentials:
            parts.append(heading(3, credential.name, credential.id))
            facts = [
                f"*{'Certification' if credential.kind == 'certification' else 'Certificate'}*"
            ]
            if credential.abbreviation:
                facts.append(f"abbreviated {escape(credential.abbreviation)}")
            if credential.issuer:
                facts.append(f"awarded by {escape(credential.issuer)}")
            parts.append(" · ".join(facts) + cite(credential.cite))
            if credential.summary:
                parts.append(escape(credential.summary))
            roles = c.roles_with_credential(credential.id)
            if roles:
                parts.append(self._related_roles(roles))
        parts.append(cited(c.credentials.closing))
        return "\n\n".join(parts)

    def expertise(self) -> str:
        parts = []
        for area in self.c.expertise.expertise:
            parts.append(heading(3, area.name, f"expertise-{area.id}"))
            roles = self.c.roles_with_expertise(area.id)
            if roles:
                parts.append(self._related_roles(roles))
        return "\n\n".join(parts)

    def _related_roles(self, roles: Sequence[m.CareerRole]) -> str:
        # Only where the guide names some: "none listed" under item after item said nothing.
        links = ", ".join(
            f"[{escape(role.name)}]({self.link('career-pathways.md', role.id)})" for role in roles
        )
        return self.t("roles.related", roles=links)

    def roles(self) -> str:
        c = self.c
        parts = [escape(c.roles.intro)]
        for category in c.roles.categories:
            parts.append(heading(2, category.name, f"category-{category.id}"))
            parts.append(escape(category.intro))
            for role in (r for r in c.roles.roles if r.category == category.id):
                parts.append(self._role(role, category))
            if category.closing:
                parts.append(cited(category.closing, category.cite))
        return "\n\n".join(parts)

    def _role(self, role: m.CareerRole, category: m.RoleCategory) -> str:
        title = f"{role.name} ({role.also_known_as})" if role.also_known_as else role.name
        tags = [f'<span class="mg-tag">{html.escape(category.label)}</span>']
        if role.patient_care:
            care = html.escape(self.t("roles.patient_care"))
            tags.append(f'<span class="mg-tag mg-tag--care">{care}</span>')
        lines = [heading(3, title, role.id), f'<p class="mg-tags">{" ".join(tags)}</p>']
        if role.summary:
            lines.append(cited(role.summary, role.cite))
        related = []
        if role.credentials:
            links = ", ".join(
                f"[{escape(self.c.credential[i].name)}]({self.link('credentials.md', i)})"
                for i in role.credentials
            )
            related.append(self.t("roles.credentials", credentials=links))
        if role.expertise:
            links = ", ".join(
                f"[{escape(self.c.expertise_area[i].name)}]"
                f"({self.link('credentials.md', 'expertise-' + i)})"
                for i in role.expertise
            )
            related.append(self.t("roles.expertise", areas=links))
        if related:
            lines.append(bullets(related))
        return "\n\n".join(lines)

    def benefits(self) -> str:
        b = self.c.benefits
        parts = [cited(b.intro, b.cite), bullets(escape(x.text) for x in b.benefits)]
        parts += [escape(p) for p in b.closing]
        return "\n\n".join(parts)

    # --- principles and challenges ---------------------------------------------------------

    def challenges(self) -> str:
        c = self.c
        parts = [cited(c.challenges.intro, c.challenges.cite)]
        for challenge in c.challenges.challenges:
            parts.append(heading(3, challenge.title, challenge.id))
            parts.append(cited(challenge.summary, challenge.cite) + self._search_terms(challenge))
            parts.append(f"*Tips to manage this*{cite(challenge.tips_cite)}:")
            parts.append("\n".join(self._tip(tip) for tip in challenge.tips))
        return "\n\n".join(parts)

    def _search_terms(self, challenge: m.Challenge) -> str:
        """Other words for the challenge, in its section's text so the site's search finds
        them, but shown only to screen readers (they would only repeat the heading)."""
        if not challenge.search_terms:
            return ""
        words = self.t("search.also", terms=", ".join(challenge.search_terms))
        return f' <span class="mg-search-terms">{html.escape(words)}</span>'

    def _tip(self, tip: m.Tip) -> str:
        line = f"- {cited(tip.text, tip.cite)}"
        if tip.show == "activities":
            p = self.c.program
            return f"{line}{cite(p.activities_cite)}\n" + bullets(
                (escape(a.text) for a in p.activities), indent=4
            )
        if tip.show == "discussion-topics":
            p = self.c.program
            return f"{line}{cite(p.discussion_topics_cite)}\n" + bullets(
                (escape(t.text) for t in p.discussion_topics), indent=4
            )
        return line

    # --- formal program --------------------------------------------------------------------

    def items(self, items: Sequence[m.Item]) -> str:
        lines = []
        for item in items:
            title = f"**{escape(item.title)}:** " if item.title else ""
            lines.append(title + cited(item.text, item.cite))
        return bullets(lines)

    def framework(self) -> str:
        return self.items(self.c.program.framework)

    def matching_tools(self) -> str:
        return self.items(self.c.program.matching_tools)

    def pairing_models(self) -> str:
        return self.items(self.c.program.pairing_models)

    def essentials(self) -> str:
        p = self.c.program
        return f"{cited(p.essentials_intro, p.essentials_cite)}:\n\n{self.items(p.essentials)}"

    def survey_fields(self, survey_id: str) -> str:
        survey = next(s for s in self.c.surveys.surveys if s.id == survey_id)
        # The guide writes these inline in lower case; as list items they start a line.
        names = (f.guide_name for f in survey.fields if f.guide_name)
        return bullets(escape(name[:1].upper() + name[1:]) for name in names)

    # --- conversations ---------------------------------------------------------------------

    def question_set(self, set_id: str) -> str:
        qs = next(s for s in self.c.questions.sets if s.id == set_id)
        items = bullets(
            f"[{escape(q.text)}]({self.link('question-bank.md', q.id)})" for q in qs.questions
        )
        return f"{cited(qs.intro, qs.cite)}\n\n{items}"

    def expectations(self) -> str:
        e = self.c.expectations
        return f"{cited(e.intro, e.cite)}\n\n{self.items(e.expectations)}"

    def tools(self) -> str:
        t = self.c.tools
        parts = [cited(t.intro, t.cite), self.items(t.tools)]
        parts += [escape(p) for p in t.closing]
        return "\n\n".join(parts)

    # --- engagement and the cycle ----------------------------------------------------------

    def engagement(self) -> str:
        e = self.c.engagement
        parts = [escape(e.intro)]
        for strategy in e.strategies:
            parts.append(heading(2, strategy.title, strategy.id))
            parts += [escape(p) for p in strategy.body]
        return "\n\n".join(parts)

    def stages(self) -> str:
        s = self.c.stages
        parts = [cited(s.intro, s.cite)]
        for n, stage in enumerate(s.stages, start=1):
            parts.append(heading(2, f"{n}. {stage.name}", stage.id))
            parts.append(escape(stage.description))
        parts += [escape(p) for p in s.closing]
        return "\n\n".join(parts)

    # --- references and about --------------------------------------------------------------

    def references(self) -> str:
        rows = []
        for ref in self.c.references.references:
            text = escape(ref.citation)
            if ref.url:
                text += f" <{ref.url}>{escape(ref.after_url)}"
            if ref.doi:
                text += f" doi:[{escape(ref.doi)}](https://doi.org/{ref.doi})"
            rows.append(
                f'<li id="ref-{ref.id}" markdown="span">{text}<!-- mg-cited-in:{ref.id} --></li>'
            )
        return '<ol class="mg-references" markdown>\n' + "\n".join(rows) + "\n</ol>"

    def disclaimer(self) -> str:
        return escape(self.c.guide.disclaimer)

    def acknowledgements(self) -> str:
        g = self.c.guide
        authors = bullets(escape(", ".join([a.name, *a.credentials])) for a in g.authors)
        return f"{escape(g.acknowledgement)}\n\n{authors}"

    # --- the question bank -----------------------------------------------------------------

    def question_bank(self) -> str:
        """Every question with its own anchor and tags; filters are progressive enhancement."""
        parts = [self._question_filters()]
        for qs in self.c.questions.sets:
            parts.append(heading(2, qs.title, qs.id))
            parts.append(cited(qs.intro, qs.cite))
            rows = [self._question(qs, q) for q in qs.questions]
            parts.append('<ul class="mg-qb-list">\n' + "\n".join(rows) + "\n</ul>")
        return "\n\n".join(parts)

    def _question(self, qs: m.QuestionSet, q: m.Question) -> str:
        t = self.t
        audience = q.audience or qs.audience
        stages = ", ".join(self.c.stage[s].name for s in q.stages)
        topics = ", ".join(self.c.topic[t].name for t in q.topics)
        tags = [
            t(f"question_bank.for_{audience}"),
            t("question_bank.stage_tag", stages=stages),
            t("question_bank.topic_tag", topics=topics),
        ]
        return (
            f'<li class="mg-question" data-audience="{attr(audience)}" '
            f'data-stages="{attr(" ".join(q.stages))}" data-topics="{attr(" ".join(q.topics))}">'
            f'<h3 class="mg-question__text" id="{attr(q.id)}">{html_text(q.text)}</h3>'
            '<p class="mg-tags">'
            + " ".join(f'<span class="mg-tag">{html.escape(tag)}</span>' for tag in tags)
            + "</p></li>"
        )

    def _question_filters(self) -> str:
        t = self.t

        def group(name: str, legend: str, options: Iterable[tuple[str, str]]) -> str:
            boxes = "".join(
                f'<label class="mg-qb-option"><input type="checkbox" name="{name}" '
                f'value="{attr(value)}"> {html.escape(label)}</label>'
                for value, label in options
            )
            return f"<fieldset><legend>{html.escape(legend)}</legend>{boxes}</fieldset>"

        audiences = [("mentor", t("question_bank.mentors")), ("mentee", t("question_bank.mentees"))]
        stages = [(s.id, s.name) for s in self.c.stages.stages]
        topics = [(topic.id, topic.name) for topic in self.c.questions.topics]
        total = sum(1 for _ in self.c.all_questions())
        # The script fills in counts with the page's own (translated) sentences.
        messages = (
            f'data-count-all="{attr(t.raw("question_bank.count_all"))}" '
            f'data-count-some="{attr(t.raw("question_bank.count_some"))}" '
            f'data-none="{attr(t("question_bank.none_in_group"))}"'
        )
        # Hidden until the script runs: without JavaScript the page is a plain list.
        # Folded by default so that on a phone the questions, not the filters, fill the screen.
        return (
            f'<form class="mg-qb-filters" hidden aria-label="{attr(t("question_bank.filters"))}" '
            f"{messages}>"
            f"<details><summary>{html.escape(t('question_bank.summary'))}</summary>"
            + group("audience", t("question_bank.who_asks"), audiences)
            + group("stage", t("question_bank.stage"), stages)
            + group("topic", t("question_bank.topic"), topics)
            + "</details>"
            '<div class="mg-qb-actions"><button type="reset" class="md-button">'
            f"{html.escape(t('question_bank.show_all'))}</button>"
            f'<p class="mg-qb-count" role="status" aria-live="polite">'
            f"{html.escape(t('question_bank.count_all', total=total))}</p></div>"
            f"{self._no_question_guidance()}</form>"
        )

    def _no_question_guidance(self) -> str:
        """Shown by the script when no question matches (never "Showing 0 of 15"): what the
        guide says about each chosen stage, and what to do."""
        t = self.t
        stages = "".join(
            f'<p data-stage="{attr(s.id)}" hidden><strong>{html.escape(s.name)}.</strong> '
            f"{html.escape(' '.join(CITATION.sub('', s.description).split()))}</p>"
            for s in self.c.stages.stages
        )
        return (
            f'<div class="mg-qb-none" hidden data-none="{attr(t("question_bank.none_match"))}">'
            f"{stages}<p>{html.escape(t('question_bank.what_to_do'))}</p></div>"
        )
