"""UI labels are data: befund ships de and en, a site adds any language or rewords a label with labels/<lang>.yaml,
and a language without a text for every label is a check error naming the keys (never a silent English fallback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from befund.build import build_site
from befund.cli import main
from befund.render import labels as ui

from htmlscan import Scan
from minimal import STUDY, mkdocs_yml, write_codebook

ENGLISH = list(ui.shipped("en") or {})



def make_site(root: Path, languages: list[str]) -> Path:
    """The minimal site in *languages*; a language after de and en gets a copy of each English text."""
    write_codebook(root, study_yaml=STUDY.replace("languages: [de, en]", f"languages: [{', '.join(languages)}]"))
    for path in (root / "codebook").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(_with_texts(data, languages[2:]), allow_unicode=True, sort_keys=False), "utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(lang=languages[0]), "utf-8")
    for lang in languages:
        (root / "content" / lang).mkdir(parents=True, exist_ok=True)
    return root


def _with_texts(data: Any, extra: list[str]) -> Any:
    if isinstance(data, dict):
        data = {key: _with_texts(value, extra) for key, value in data.items()}
        if isinstance(data.get("en"), str):
            data |= {lang: data["en"] for lang in extra}
        return data
    return [_with_texts(item, extra) for item in data] if isinstance(data, list) else data


def check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", str(root)], catch_exceptions=False)
    return result.exit_code, result.output.strip().splitlines()


def test_shipped_label_files_have_every_key_in_a_usable_form(tmp_path: Path) -> None:
    found, problems = ui.site_labels(ui.shipped_languages(), tmp_path / "labels", tmp_path)
    assert problems == []
    assert set(found) == {"de", "en"} == set(ui.shipped_languages())
    assert all(list(found[lang]) == ENGLISH for lang in found)  # the same keys, in the same order


def test_a_language_without_labels_is_an_error_naming_every_key(tmp_path: Path) -> None:
    make_site(tmp_path, ["de", "en", "it"])
    study = tmp_path / "codebook" / "study.yaml"
    code, lines = check(tmp_path)
    assert code == 1
    missing = [line for line in lines if "missing-labels" in line]
    assert len(missing) == 1
    line = missing[0]
    row = next(n for n, text in enumerate(study.read_text("utf-8").splitlines(), 1) if text == "- it")
    assert line.startswith(f"codebook/study.yaml:{row}:3: ")  # where the study names the language
    assert "error[missing-labels]: befund has no labels for 'it', one of the study's languages, and the site has " \
           "no labels/it.yaml; it needs a text for each of: page.home, page.categories," in line
    assert all(key in line for key in ENGLISH)
    assert line.endswith("(write labels/it.yaml (befund ships de, en; its en.yaml shows every key), "
                         "or remove the language from study.yaml)")


def test_ui_labels_never_fall_back_to_english() -> None:
    with pytest.raises(ui.LabelError, match="no UI labels for language 'it'"):
        ui.ui_labels("it")


def test_a_site_label_file_missing_keys_is_an_error_naming_them(tmp_path: Path) -> None:
    make_site(tmp_path, ["de", "en", "it"])
    english = ui.shipped("en") or {}
    kept = [key for key in ENGLISH if key not in ("page.home", "copy.done")]
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "it.yaml").write_text(
        "language.name: Italiano\n" + "".join(f"{key}: {_yaml(english[key])}\n" for key in kept
                                              if key != "language.name"), "utf-8")
    code, lines = check(tmp_path)
    assert code == 1
    assert [line for line in lines if "labels/" in line] == [
        "labels/it.yaml: error[missing-labels]: 2 of befund's labels have no 'it' text: page.home, copy.done "
        "(add each key with its Italiano text (befund's en.yaml label file shows every key))"]


def test_label_forms_placeholders_and_unknown_keys_are_checked_where_they_stand(tmp_path: Path) -> None:
    make_site(tmp_path, ["de", "en"])
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "de.yaml").write_text(
        "page.theory: Theoriebezug\n"
        "page.hom: Start\n"
        "count.quotes: Zitate\n"
        "footer.attribution: \"{work} ({jahr})\"\n"
        "plural.one: eins\n", "utf-8")
    (tmp_path / "labels" / "fr.yaml").write_text("page.home: Accueil\n", "utf-8")
    code, lines = check(tmp_path)
    assert code == 1
    assert lines == [
        "labels/de.yaml:2:11: warning[unknown-label]: befund has no label 'page.hom' (did you mean 'page.home'?)",
        "labels/de.yaml:3:15: error[label-type]: 'count.quotes' needs a form per number: one, other "
        "(write e.g. {one: citation, other: citations})",
        "labels/de.yaml:4:21: error[label-type]: 'footer.attribution' uses {jahr}, which befund does not fill in "
        "(placeholders of this label: {authors}, {copyright}, {license}, {work}, {year})",
        "labels/de.yaml:5:13: error[label-type]: plural.one lists the numbers that take the singular "
        "(e.g. [1], or [0, 1] in French)",
        "labels/fr.yaml: warning[unknown-file]: befund ignores fr.yaml: 'fr' is not one of the study's languages "
        "(de, en) (add the language to study.yaml or delete the file)",
        "befund: 3 errors, 2 warnings",
    ]


def test_a_site_rewords_a_label_and_adds_a_language(tmp_path: Path) -> None:
    make_site(tmp_path, ["de", "en", "it"])
    english = ui.shipped("en") or {}
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "de.yaml").write_text("page.theory: Theoriebezug\n", "utf-8")
    italian = {key: english[key] for key in ENGLISH} | {
        "language.name": "Italiano", "page.home": "Pagina iniziale", "page.theory": "Teoria",
        "count.quotes": {"one": "citazione", "other": "citazioni"}}
    (tmp_path / "labels" / "it.yaml").write_text("".join(f"{k}: {_yaml(v)}\n" for k, v in italian.items()), "utf-8")
    code, lines = check(tmp_path)
    assert (code, lines) == (0, ["befund: no problems found"])
    out = tmp_path / "public"
    assert build_site(tmp_path / "mkdocs.yml", out) == ["de", "en", "it"]
    de = (out / "index.html").read_text("utf-8")
    it = Scan((out / "it" / "theory" / "index.html").read_text("utf-8"))
    assert "Theoriebezug" in de and ">Theorie<" not in de
    assert it.lang == "it" and "Teoria" in (out / "it" / "theory" / "index.html").read_text("utf-8")
    assert ">Italiano<" in de.replace("\n", "").replace(" ", "")  # the language menu names it in its own words


def _yaml(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def test_one_sites_labels_never_reach_the_next_site_built_in_the_same_process(tmp_path: Path) -> None:
    reworded, plain = tmp_path / "reworded", tmp_path / "plain"
    for root in (reworded, plain):
        make_site(root, ["de", "en"])
    (reworded / "labels").mkdir()
    (reworded / "labels" / "de.yaml").write_text("page.theory: Theoriebezug\n", "utf-8")
    build_site(reworded / "mkdocs.yml", reworded / "public")
    assert ui.ui_labels("de")["page.theory"] == "Theorie"  # befund's own words, whatever was built before
    build_site(plain / "mkdocs.yml", plain / "public")
    assert "Theoriebezug" in (reworded / "public" / "index.html").read_text("utf-8")
    assert "Theoriebezug" not in (plain / "public" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("lang", ui.shipped_languages())
def test_shipped_labels_read_with_libyaml_are_what_pyyaml_reads(lang: str) -> None:
    """befund's label files are read with libyaml's loader (load.SAFE_LOADER: every check reads them)."""
    from importlib import resources

    text = resources.files("befund").joinpath("labels", f"{lang}.yaml").read_text("utf-8")
    assert ui.shipped(lang) == yaml.safe_load(text) and len(ui.shipped(lang) or {}) > 50
