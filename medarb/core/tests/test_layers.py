"""Dependencies run one way (DESIGN.md, "Rules of the house"): core ← orgs, accounts, audit ←
procedure ← cases ← feature apps ← arbitration, mediation ← portal, wechat, api (← the demo).
A lower app never imports a higher one, and no two apps import each other, directly or round
a circle; where a lower app must call up, it offers a small registry the higher one fills in."""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the medarb package
LAYERS = [
    {"core"},
    {"orgs", "accounts", "audit"},
    {"procedure"},
    {"cases"},
    {
        "hearings",
        "documents",
        "delivery",
        "identity",
        "appointments",
        "search",
        "recording",
        "transcripts",
        "meetings",
        "alerts",
        "stats",
        "legalaid",
    },
    {"arbitration", "mediation"},
    {"reviews", "archives", "publication"},
    {"court"},
    {"reports", "performance"},
    {"portal", "wechat", "api"},
    {"demo"},
]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}
# Test support (fixtures and factories) may reach anything it builds with.
TEST_SUPPORT = {"tests", "testing.py", "browser_testing.py"}


def app_imports() -> dict[str, dict[str, set[str]]]:
    """app → imported app → the modules that import it (function-level imports included)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or TEST_SUPPORT & set(parts) or "migrations" in parts:
            continue
        app = parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                target = name.split(".")[1] if name.startswith("medarb.") and name.count(".") else None
                if target and target != app and target in LAYER_OF:
                    found[app][target].add(str(path.relative_to(ROOT)))
    return found


def test_every_app_has_its_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps <= LAYER_OF.keys(), f"give these apps a layer: {sorted(apps - LAYER_OF.keys())}"


def test_no_app_imports_an_app_of_a_higher_layer():
    upward = [
        f"{app} → {target}: {sorted(modules)}"
        for app, targets in app_imports().items()
        for target, modules in targets.items()
        if LAYER_OF[target] > LAYER_OF[app]
    ]
    assert not upward, "\n".join(upward)


def test_no_two_apps_depend_on_each_other_round_a_circle():
    graph = {app: set(targets) for app, targets in app_imports().items()}
    done: set[str] = set()

    def visit(app: str, trail: list[str]) -> list[str] | None:
        if app in trail:
            return [*trail[trail.index(app) :], app]
        if app in done:
            return None
        for target in sorted(graph.get(app, ())):
            if circle := visit(target, [*trail, app]):
                return circle
        done.add(app)
        return None

    for app in sorted(graph):
        circle = visit(app, [])
        assert circle is None, " → ".join(circle)
