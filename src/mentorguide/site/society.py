"""Build a society's project: the default guide's pages, nav and settings, under its brand.

A society's ``mkdocs.yml`` stays small (theme, plugins, the hook); everything it does not
set comes from the default guide at build time, so upgrading the package brings new pages,
navigation and fixes without editing their files.
"""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..edition.society import Society, brand_css
from ..edition.strings import Strings
from ..project.defaults import default_root

BRAND_CSS = "assets/mentorguide/brand.css"


def default_config() -> dict[str, Any]:
    """The default guide's own mkdocs.yml, as data (its nav, theme features, extensions)."""
    text = (default_root() / "mkdocs.yml").read_text(encoding="utf-8")
    # The default config uses no custom tags; BaseLoader-free safe_load is enough.
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def default_palettes(defaults: dict[str, Any], strings: Strings) -> list[dict[str, Any]]:
    """The default guide's palettes (light, dark, each with its toggle), toggles named in
    the interface's language."""
    palettes = copy.deepcopy(defaults["theme"].get("palette") or [])
    names = {"default": strings("theme.to_dark"), "slate": strings("theme.to_light")}
    for palette in palettes:
        toggle = palette.get("toggle")
        if isinstance(toggle, dict) and palette.get("scheme") in names:
            toggle["name"] = names[palette["scheme"]]
    return list(palettes)


def apply_society(config: MkDocsConfig, society: Society, strings: Strings, docs_dir: Path) -> None:
    """Brand the site and fill in what the society's mkdocs.yml leaves to the default."""
    defaults = default_config()
    theme = config.theme
    theme["language"] = society.language
    if not theme.get("features"):
        theme["features"] = list(defaults["theme"]["features"])
    if society.logo:
        theme["logo"] = society.logo
    if society.favicon:
        theme["favicon"] = society.favicon
    if not theme.get("palette"):
        # The default guide's light and dark palettes with their toggle (a society's
        # mkdocs.yml names none), its names in the society's language.
        theme["palette"] = default_palettes(defaults, strings)
    if society.colors:
        palettes = theme.get("palette") or [{}]
        for palette in palettes if isinstance(palettes, list) else [palettes]:
            palette["primary"] = "custom"
            palette["accent"] = "custom"
        theme["palette"] = palettes
        if BRAND_CSS not in config.extra_css:
            config.extra_css.append(BRAND_CSS)
    for extension in defaults["markdown_extensions"]:
        name, options = (
            next(iter(extension.items())) if isinstance(extension, dict) else (extension, {})
        )
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        # MkDocs enables toc by itself, without options: the guide's (permalinks) still apply.
        if options and name not in config.mdx_configs:
            config.mdx_configs[name] = options
    if config.nav is None:
        config.nav = default_nav(defaults, docs_dir, strings)
    config.copyright = footer_html(society, strings)
    config.extra["society"] = {"name": society.name, "short_name": society.short_name}


def index_search_in(config: MkDocsConfig, languages: list[str]) -> None:
    """Let search stem and filter words in each language the pages are written in (the
    interface's and the guide's), unless the project's ``mkdocs.yml`` chose. Run before the
    search plugin's own set-up, which would take only the interface's language."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or getattr(search.config, "lang", None):
        return
    from mkdocs.contrib.search import LangOption  # loaded with the search plugin, if at all

    # LangOption is how MkDocs validates a configured list: unsupported languages become 'en'.
    search.config["lang"] = LangOption().run_validation(list(dict.fromkeys(languages)))


def default_nav(defaults: dict[str, Any], docs_dir: Path, strings: Strings) -> list[Any]:
    """The default guide's nav, then the society's own extra pages (sorted by path).

    The worksheets' section follows the interface language, as its pages do; the guide's
    pages keep their titles, in the content's language.
    """
    nav: list[Any] = [
        {strings("worksheet.index_title"): entry["Worksheets"]}
        if isinstance(entry, dict) and "Worksheets" in entry
        else entry
        for entry in defaults.get("nav", [])
    ]
    listed = {path for entry in nav for path in _paths(entry)}
    extra = sorted(
        p.relative_to(docs_dir).as_posix()
        for p in docs_dir.rglob("*.md")
        if p.relative_to(docs_dir).as_posix() not in listed
    )
    return nav + extra


def _paths(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [p for value in entry.values() for p in _paths(value)]
    if isinstance(entry, list):
        return [p for item in entry for p in _paths(item)]
    return []


def footer_html(society: Society, strings: Strings) -> str:
    """The footer's small print: the society, its text and links (all escaped)."""
    parts = [html.escape(strings("footer.hosted_by", name=society.name))]
    if society.footer.text:
        parts.append(html.escape(society.footer.text))
    if society.contact_email:
        email = html.escape(society.contact_email)
        link = f'<a href="mailto:{email}">{email}</a>'
        parts.append(strings("footer.contact", email=link))
    links = " · ".join(
        f'<a href="{html.escape(link.url)}">{html.escape(link.title)}</a>'
        for link in society.footer.links
    )
    if links:
        parts.append(links)
    parts.append(html.escape(strings("footer.based_on")))
    return " ".join(parts)


def add_default_pages(files: Files, config: MkDocsConfig, society: Society) -> Files:
    """Every default page the society has not written its own version of, and the brand CSS.

    The society's own page at the same path wins: that is how it overrides prose.
    """
    default_docs = default_root() / "docs"
    for path in sorted(default_docs.rglob("*")):
        if not path.is_file():
            continue
        uri = path.relative_to(default_docs).as_posix()
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    css = brand_css(society)
    if css:
        files.append(File.generated(config, BRAND_CSS, content=css))
    return files
