"""Project invariants that a reviewer would otherwise have to remember (docs/architecture.md)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "strongroom"
DOMAIN_PACKAGES = ("identity", "records", "support", "security", "web", "api", "project")
MAX_MODULE_LINES = 400


def python_files(*parts: str) -> list[Path]:
    return sorted(p for p in SRC.joinpath(*parts).rglob("*.py") if "migrations" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    """The modules ``path`` imports when it runs (imports for type checking only are left out).
    ``from package import name`` counts as ``package.name`` when that is a module, else as
    ``package``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known_modules() else node.module)
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def known_modules() -> frozenset[str]:
    return frozenset(module_name(path) for path in python_files())


def strongroom_imports(path: Path) -> set[str]:
    """The Strongroom modules that ``path`` imports."""
    return imported_modules(path) & known_modules()


@pytest.mark.parametrize("path", python_files("platform"), ids=lambda p: str(p.relative_to(SRC)))
def test_platform_imports_no_domain_app(path: Path) -> None:
    forbidden = tuple(f"strongroom.{name}" for name in DOMAIN_PACKAGES)
    offending = sorted(m for m in imported_modules(path) if m.startswith(forbidden))
    assert not offending, f"{path.relative_to(SRC)} imports {offending}: arrows point to platform"


# The platform's packages (and modules), ground floor first: each imports only those below it.
PLATFORM_ORDER = (
    "text", "triggers", "access", "compliance", "accounts", "tenancy", "money", "jobs", "keys",
    "search", "history", "files", "retention", "lifecycle", "idempotency", "backups",
    "readiness", "metrics", "status",
)
# History's write path: every action, at any level, records itself through it in its own
# transaction, and a unit of work notes the personal-data reads it makes.
HISTORY_WRITE_PATH = tuple(
    f"strongroom.platform.history.{name}"
    for name in ("action", "events", "recorder", "tracking", "read_log")
)


def platform_level(module: str) -> int | None:
    parts = module.split(".")
    if parts[:2] != ["strongroom", "platform"] or len(parts) < 3:
        return None
    return PLATFORM_ORDER.index(parts[2])


@pytest.mark.parametrize("path", python_files("platform"), ids=lambda p: str(p.relative_to(SRC)))
def test_platform_imports_point_down_its_order(path: Path) -> None:
    own = platform_level(module_name(path))
    if own is None:
        return
    upward = sorted(
        module for module in strongroom_imports(path)
        if (level := platform_level(module)) is not None and level > own
        and module not in HISTORY_WRITE_PATH
    )
    assert not upward, (
        f"{path.relative_to(SRC)} imports {upward}, above it in the platform's order "
        f"{' < '.join(PLATFORM_ORDER)}"
    )


def test_platform_order_names_every_package() -> None:
    present = {
        p.name.removesuffix(".py")
        for p in SRC.joinpath("platform").iterdir()
        if p.name != "__init__.py" and (p.suffix == ".py" or p.joinpath("__init__.py").exists())
    }
    assert present == set(PLATFORM_ORDER)


def is_view_or_endpoint(path: Path) -> bool:
    """Modules that turn requests into calls: web/, api/, and any app's views and API."""
    parts = path.relative_to(SRC).parts
    return (
        parts[0] in ("web", "api")
        or path.stem.startswith("views")
        or "views" in parts[:-1]
        or path.stem in ("api", "forms")
    )


@pytest.mark.parametrize(
    "path",
    [p for p in python_files() if is_view_or_endpoint(p)],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_views_and_endpoints_use_selectors_and_actions(path: Path) -> None:
    """Reads go through selectors, writes through actions: no model managers in views/API."""
    tree = ast.parse(path.read_text(), filename=str(path))
    uses = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
    ]
    assert not uses, f"{path.relative_to(SRC)} touches a model manager on lines {uses}"


def test_no_module_is_too_long() -> None:
    long = {
        str(path.relative_to(SRC)): count
        for path in python_files()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules (over {MAX_MODULE_LINES} lines): {long}"


def test_django_admin_is_not_mounted() -> None:
    from django.conf import settings

    assert "django.contrib.admin" not in settings.INSTALLED_APPS


# --- Layers above the platform (docs/architecture.md, "Arrows point down") -------------------

VIEW_ROOMS = ("views", "api", "urls", "company_urls", "forms")
CORE_ROOMS = (
    "models", "actions", "steps", "selectors", "rules", "permissions", "registry", "targets",
)
RECORDS_APPS = ("absences", "approvals", "contacts", "documents", "expenses", "invoices")
# What one records app may import of another: its registries, actions, the steps its actions
# offer to other apps' actions, selectors and permission names; demo data may build on another
# app's demo data.
RECORDS_SEAMS = ("registry", "targets", "actions", "steps", "selectors", "permissions")
# Pairs of top-level packages that import each other. The list may only shrink.
TWO_WAY_PAIRS_ALLOWED = {("identity", "web"), ("support", "web")}


def is_view_module(name: str) -> bool:
    """A module that turns requests into answers: views, API operations, URLs, forms."""
    parts = name.split(".")[1:]
    if parts[0] in ("web", "api"):
        return len(parts) > 1 and parts[1] in ("views", "routers", "urls")
    return parts[0] in ("identity", "support", "security", "records") and any(
        p in VIEW_ROOMS for p in parts
    )


def is_kit(path: Path) -> bool:
    """The kit every app builds on: web/ and api/ less the pages they serve themselves."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return parts[0] in ("web", "api") and parts[1] not in ("views", "routers", "schemas", "urls")


def is_core(path: Path) -> bool:
    """An app's core: its models, actions, selectors, rules, permissions and registries."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return (
        parts[0] in ("identity", "support", "security", "records")
        and not is_view_module(module_name(path))
        and any(part in CORE_ROOMS for part in parts)
    )


def rel(path: Path) -> str:
    return str(path.relative_to(SRC))


@pytest.mark.parametrize("path", [p for p in python_files() if is_kit(p)], ids=rel)
def test_kit_imports_no_view_module(path: Path) -> None:
    views = sorted(m for m in strongroom_imports(path) if is_view_module(m))
    assert not views, f"{rel(path)} imports {views}: the kit serves views, never the reverse"


@pytest.mark.parametrize("path", [p for p in python_files() if is_core(p)], ids=rel)
def test_app_cores_import_no_web_or_api(path: Path) -> None:
    upward = sorted(
        m for m in strongroom_imports(path)
        if m.startswith(("strongroom.web", "strongroom.api", "strongroom.project"))
        or is_view_module(m)
    )
    assert not upward, f"{rel(path)} imports {upward}: models, actions and selectors know no HTTP"


@pytest.mark.parametrize(
    "path", python_files("identity") + python_files("support") + python_files("security"), ids=rel
)
def test_identity_and_support_import_no_records_app(path: Path) -> None:
    records = sorted(m for m in imported_modules(path) if m.startswith("strongroom.records"))
    assert not records, f"{rel(path)} imports {records}"


@pytest.mark.parametrize("path", python_files("records"), ids=rel)
def test_records_apps_meet_only_at_seams(path: Path) -> None:
    parts = path.relative_to(SRC).parts
    if len(parts) < 3:
        return
    own = parts[1]
    crossing = []
    for name in strongroom_imports(path):
        other = name.split(".")
        if other[:2] != ["strongroom", "records"] or len(other) < 4 or other[2] == own:
            continue
        room = other[3]
        demo_on_demo = room == "demo" and path.stem == "demo"
        if room not in RECORDS_SEAMS and not demo_on_demo:
            crossing.append(name)
    assert not crossing, (
        f"{rel(path)} imports {sorted(crossing)}: records apps use each other only through "
        f"{', '.join(RECORDS_SEAMS)}"
    )


def package_arrows() -> dict[tuple[str, str], set[str]]:
    arrows: dict[tuple[str, str], set[str]] = {}
    for path in python_files():
        parts = path.relative_to(SRC).parts
        if len(parts) < 2:
            continue
        for name in imported_modules(path):
            target = name.split(".")
            if target[0] == "strongroom" and len(target) > 1 and target[1] != parts[0]:
                arrows.setdefault((parts[0], target[1]), set()).add(rel(path))
    return arrows


def test_top_level_packages_import_each_other_one_way() -> None:
    arrows = package_arrows()
    two_way = {tuple(sorted(pair)) for pair in arrows if (pair[1], pair[0]) in arrows}
    new = {
        pair: (sorted(arrows[pair]), sorted(arrows[pair[::-1]]))
        for pair in two_way - TWO_WAY_PAIRS_ALLOWED
    }
    assert not new, f"packages that now import each other both ways: {new}"
    gone = TWO_WAY_PAIRS_ALLOWED - two_way
    assert not gone, f"no longer two-way, remove from TWO_WAY_PAIRS_ALLOWED: {sorted(gone)}"


def test_the_rules_see_what_they_check() -> None:
    """The classifications behind the rules, on known modules."""
    assert is_view_module("strongroom.records.documents.views.browse")
    assert is_view_module("strongroom.identity.api")
    assert is_view_module("strongroom.web.views.members")
    assert not is_view_module("strongroom.web.actor")
    assert not is_view_module("strongroom.identity.signin.gate")
    assert is_kit(SRC / "web" / "actor.py")
    assert not is_kit(SRC / "web" / "views" / "audit.py")
    assert is_core(SRC / "records" / "contacts" / "actions" / "people.py")
    assert not is_core(SRC / "records" / "contacts" / "api.py")
    assert not is_core(SRC / "records" / "approvals" / "views" / "rules.py")
    assert "strongroom.records.approvals.steps" in strongroom_imports(
        SRC / "records" / "absences" / "actions" / "requests.py"
    )


def selector_modules() -> list[Path]:
    return [p for p in python_files() if p.stem == "selectors"]


def refuses_the_list(call: ast.Call) -> bool:
    """``policy.require(actor, PERM)`` or ``(actor, PERM, actor.company)``: a refusal of a
    company list as such (a check on an owning object, or an operator's platform permission,
    is not)."""
    if ast.unparse(call.func) != "policy.require" or len(call.args) < 2:
        return False
    if ast.unparse(call.args[1]).startswith("PLATFORM_"):
        return False
    return len(call.args) == 2 or ast.unparse(call.args[2]) == "actor.company"


def list_selectors_that_refuse(path: Path) -> list[str]:
    """Functions returning a queryset or a list that refuse the list as such."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.returns is not None
        and ast.unparse(node.returns).startswith(("QuerySet", "list"))
        and any(
            refuses_the_list(call) for call in ast.walk(node) if isinstance(call, ast.Call)
        )
    ]


@pytest.mark.parametrize("path", selector_modules(), ids=rel)
def test_list_selectors_narrow_and_never_refuse(path: Path) -> None:
    """One home for "a list the actor may not read is a 404": the view or operation that shows
    the list asks ``policy.require`` first. A list selector returns what the actor may see,
    nothing when that is nothing; only one-object selectors answer NotFound."""
    refusing = list_selectors_that_refuse(path)
    assert not refusing, f"{rel(path)}: list selectors that refuse: {refusing}"


# --- Modules of actions hold actions (docs/architecture.md, "Where does X go?") ---------------

# Public functions an actions module may hold that are not @action, each for its reason.
NOT_ACTIONS_ALLOWED = {
    # Runs start_support_session and, when it is refused, record_refused_support_attempt:
    # two actions, each in its own durable transaction, so it cannot be an action itself.
    "strongroom.support.actions.sessions.request_support_session",
}


def is_actions_module(path: Path) -> bool:
    """A module inside an ``actions`` package, or a module named ``actions.py``."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return "actions" in parts[:-1] or parts[-1] == "actions"


def decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.attr if isinstance(target, ast.Attribute) else ast.unparse(target)


def public_non_actions(path: Path) -> list[str]:
    """Public top-level functions that are neither ``@action`` nor a ``@periodic`` job (a job
    is declared next to the action it runs, platform/jobs/registry.py)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not {"action", "periodic"} & {decorator_name(d) for d in node.decorator_list}
    ]


@pytest.mark.parametrize(
    "path",
    [p for p in python_files() if is_actions_module(p)],
    ids=rel,
)
def test_actions_modules_hold_only_actions(path: Path) -> None:
    """Every write is an @action; the steps other actions call go to ``<app>/steps.py`` and
    reads to ``selectors.py``, so that a public function of an actions module is an action."""
    others = [
        name for name in public_non_actions(path)
        if f"{module_name(path)}.{name}" not in NOT_ACTIONS_ALLOWED
    ]
    assert not others, (
        f"{rel(path)} holds public functions that are not @action: {others}. Move steps to "
        "<app>/steps.py, reads to selectors.py, or make a helper of this module private"
    )


def test_allowed_non_actions_still_exist() -> None:
    for dotted in NOT_ACTIONS_ALLOWED:
        module, name = dotted.rsplit(".", 1)
        path = SRC.parent.joinpath(*module.split(".")).with_suffix(".py")
        assert name in public_non_actions(path), f"{dotted} is gone: drop it from the list"


def test_the_actions_rule_sees_what_it_checks(tmp_path: Path) -> None:
    assert is_actions_module(SRC / "platform" / "lifecycle" / "actions.py")
    assert is_actions_module(SRC / "records" / "expenses" / "actions" / "claims.py")
    assert not is_actions_module(SRC / "records" / "expenses" / "steps.py")
    assert not is_actions_module(SRC / "identity" / "account_actions.py")
    module = tmp_path / "actions.py"
    module.write_text(
        "from strongroom.platform.history import action as history\n"
        "@action\ndef write(*, actor): ...\n"
        "@history.action\ndef other(*, actor): ...\n"
        "@periodic(name='x.y', every=None)\ndef job(actor): ...\n"
        "def _helper(): ...\n"
        "def step(*, actor): ...\n"
        "async def read(actor): ...\n"
        "class Refused(Exception): ...\n"
    )
    assert public_non_actions(module) == ["step", "read"]
