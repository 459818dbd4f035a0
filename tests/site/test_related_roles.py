"""'Related roles' appears only under an item the guide links roles to: never a 'none listed'
line repeated under item after item."""

from __future__ import annotations

from mentorguide.project.load import load_project
from mentorguide.site.pages import Renderer
from tests.conftest import ROOT


def test_items_without_related_roles_say_nothing_about_roles() -> None:
    content = load_project(ROOT).content
    renderer = Renderer(content, "credentials.md")
    text = renderer.credentials() + renderer.expertise()
    assert "none listed" not in text
    linked = [c for c in content.credentials.credentials if content.roles_with_credential(c.id)]
    linked_areas = [a for a in content.expertise.expertise if content.roles_with_expertise(a.id)]
    assert linked and text.count("Related roles: ") == len(linked) + len(linked_areas)
