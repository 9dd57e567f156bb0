"""Random damage to the real codebook never gives a traceback: only success or located problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from befund.validate import load_codebook

REPO = Path(__file__).resolve().parent.parent
FILES = sorted(p.relative_to(REPO / "codebook").as_posix() for p in (REPO / "codebook").rglob("*.yaml"))
JUNK = st.sampled_from(["\t", ": :", "- [", "{", "&a", "*a", "!!python/object:os.system", "\x00", "„", "'", '"',
                        "\ufeff", "---\n---", "? x", "%TAG", "null", "123", "[[quote:nope]]", "<script>"])


def mutate_data(data, path_choice: int, action: int, draw_value):
    """Apply one structural change to a parsed YAML document."""
    nodes = []

    def walk(node, parent, key):
        nodes.append((parent, key, node))
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, node, k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, node, i)

    walk(data, None, None)
    parent, key, node = nodes[path_choice % len(nodes)]
    if parent is None:
        return draw_value
    if action == 0:  # delete a key or item
        del parent[key]
    elif action == 1:  # change a type
        parent[key] = draw_value
    elif action == 2 and isinstance(node, str):  # break an id or a text
        parent[key] = node[::-1] + " !"
    else:
        parent[key] = [node] if not isinstance(node, list) else {"x": node}
    return data


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    file=st.sampled_from(FILES),
    kind=st.sampled_from(["structure", "cut", "junk"]),
    choice=st.integers(0, 10_000),
    action=st.integers(0, 3),
    value=st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.booleans()),
    junk=JUNK,
)
def test_damaged_codebook_gives_located_problems(tmp_path_factory, file, kind, choice, action, value, junk) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    root = base / "codebook"
    shutil.copytree(REPO / "codebook", root)
    target = root / file
    text = target.read_text("utf-8")
    if kind == "structure":
        data = mutate_data(yaml.safe_load(text), choice, action, value)
        target.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    elif kind == "cut":
        target.write_text(text[: choice % (len(text) + 1)], "utf-8")
    else:
        at = choice % (len(text) + 1)
        target.write_text(text[:at] + junk + text[at:], "utf-8")

    result = load_codebook(root, base)  # must not raise

    for problem in result.problems:
        assert (base / problem.path).exists(), problem
        assert problem.line >= 1 or problem.rule in ("missing-file", "unknown-file", "io"), problem
        assert problem.message and problem.rule
    if result.codebook is None:
        assert any(p.severity == "error" for p in result.problems)
