"""Injection, checked in the source: no user text is ever compiled as a template or glued
into SQL or trusted HTML.

* crispy-forms compiles ``HTML(...)`` layout objects and button values as templates: their
  arguments must be literal strings.
* ``Template(...)`` and ``from_string(...)`` compile templates: literal strings only.
* ``mark_safe``/``format_html``/``SafeString`` must not be given text built with an f-string,
  ``%`` or ``.format``.
* ``cursor.execute``, ``.raw``, ``RawSQL`` and ``.extra`` take SQL built without f-strings,
  ``%`` or ``.format``: values go in parameters.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGES = ("linkwork", "patients", "referrals", "appeals")
CRISPY_COMPILED = {"HTML", "Submit", "Button", "Reset"}
TEMPLATE_COMPILERS = {"Template", "from_string"}
TRUSTED_HTML = {"mark_safe", "format_html", "SafeString"}
SQL_SINKS = {"execute", "executemany", "raw", "RawSQL", "extra"}
# SQL whose only interpolation is table names taken from the models' own metadata.
SQL_REVIEWED = {"linkwork/reports/management/commands/bench_reports.py"}


def sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def is_built_text(node: ast.AST) -> bool:
    """An f-string, ``"..." % x``, ``"...".format(...)`` or ``a + b`` with a non-literal."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def imports_crispy_layout(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crispy_forms")
        for node in ast.walk(tree)
    )


def findings(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(root).as_posix()
    crispy = imports_crispy_layout(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, first = call_name(node), node.args[0]
        where = f"{relative}:{node.lineno} {name}()"
        literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if (
            crispy
            and name in CRISPY_COMPILED
            and not all(isinstance(arg, ast.Constant) for arg in node.args)
        ):
            found.append(f"{where}: crispy compiles this as a template; use literals only")
        if name in TEMPLATE_COMPILERS and not literal:
            found.append(f"{where}: compiles a template from text that is not a literal")
        if name in TRUSTED_HTML and is_built_text(first):
            found.append(f"{where}: trusted HTML built from text")
        if name in SQL_SINKS and is_built_text(first) and relative not in SQL_REVIEWED:
            found.append(f"{where}: SQL built from text; pass values as parameters")
    return found


def test_sources_are_found():
    assert ROOT / "linkwork" / "accounts" / "auth_views.py" in sources()


def test_no_user_text_is_compiled_as_a_template_or_glued_into_sql_or_html():
    assert [finding for path in sources() for finding in findings(path)] == []


def test_the_check_catches_each_pattern(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from crispy_forms.layout import HTML, Submit\n"
        "HTML(f'<p>{name}</p>')\n"
        "Submit('save', label)\n"
        "mark_safe('<b>%s</b>' % name)\n"
        "cursor.execute(f'SELECT * FROM t WHERE name = {name}')\n"
        "Patient.objects.raw('SELECT * FROM p WHERE id = {}'.format(pk))\n"
        "Template(user_text + '!')\n"
        "HTML('<p>fine</p>')\n"
        "cursor.execute('SELECT %s', [name])\n",
        encoding="utf-8",
    )
    assert len(findings(sample, root=tmp_path)) == 6
