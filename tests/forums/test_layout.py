"""The forum's layout, as the README and STYLE.md describe it: small files, models below services."""

import ast
from pathlib import Path

FORUMS = Path(__file__).resolve().parents[2] / "forums"


def _modules(under: Path):
    return [path for path in under.rglob("*.py") if "migrations" not in path.parts]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_forums_module_is_longer_than_400_lines():
    long = {
        str(path.relative_to(FORUMS)): n for path in _modules(FORUMS) if (n := len(path.read_text().splitlines())) > 400
    }
    assert long == {}


def test_forums_models_import_no_services_selectors_or_views():
    for path in _modules(FORUMS / "models"):
        imported = _imported_modules(path)
        assert not {name for name in imported if name.split(".")[-1] in {"services", "selectors", "views"}}, path
        assert not {name for name in imported if ".services." in name or ".selectors." in name}, path
