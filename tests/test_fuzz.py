"""Property tests: whatever a committee member or sponsor writes, the tool answers with data or diagnostics.

Random YAML text, random bytes, random catalogs (valid by construction, then mutated) and
random profiles go through the real loading path. The loader may accept or report
`UserError` diagnostics with a position; it may never raise anything else. A valid
catalog always yields the site's page set, and with a valid profile a .docx that
python-docx reads back with the product's name in it.

The `ci` profile (default) is derandomized and bounded to keep the suite fast;
`HYPOTHESIS_PROFILE=long` (make fuzz) explores far more, with fresh randomness.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

import docx
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exodossier.catalog.checks import load_valid_catalog, validate_catalog
from exodossier.errors import Severity, UserError
from exodossier.gap.analysis import analyse
from exodossier.graph.build import build_graph
from exodossier.catalog.models import Criticality, RequirementStatus, SourceKind
from exodossier.gap.profile import AssessmentStatus, Milestone, load_profile
from exodossier.gap.report import render_docx
from exodossier.site.render import render_pages
from exodossier.site.paths import requirement_path, source_path
from exodossier.catalog.yaml_reader import load_file, parse_text
from exodossier.sanitize import xml_safe

# A 3,000-character stage title does not fit the chart legend; the chart is still drawn.
pytestmark = pytest.mark.filterwarnings("ignore:Tight layout not applied:UserWarning")

settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", derandomize=False, max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
SCALE = FUZZ.max_examples / 40  # example counts below are for `ci`; `long` multiplies them


def examples(ci_count: int) -> settings:
    return settings(FUZZ, max_examples=max(1, int(ci_count * SCALE)))


# --------------------------------------------------------------------------- text

HOSTILE = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "![p](http://evil.example/p.png)", "\u202eevil\u202c",
           "{: onclick=x}", "# heading", "| a | b |", "```", "<!--", "&amp;", "]]>", "</w:t><w:r>", '=HYPERLINK("x")',
           "---", "- item", "1. item", "    code", "*emph*", "${{ secrets }}", "%s", "{0}", "\\", "'", '"', "😀",
           "𠮷野家", "ｱｲｳ", "العربية", "e\u0301", "\u200b", "\ufeff", "\u00a0", "\u2028", "no", "1.10", "0777",
           "2024-02-30", "~", "null", "*alias", "&anchor", "<<", "!!python/object", "$$", "$\\frac$", "x" * 3000]
# What a YAML file may carry as text: no control characters (YAML refuses raw ones, the loader
# refuses escaped ones), no surrogates, no noncharacters U+FFFE/U+FFFF.
SAFE_CHAR = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    "\t\n")
TEXT = st.one_of(st.text(SAFE_CHAR, min_size=1, max_size=40), st.sampled_from(HOSTILE),
                 st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(SAFE_CHAR, max_size=10)),
                          min_size=1, max_size=4).map(" ".join)).filter(lambda s: s.strip() != "")
LOCALIZED = st.one_of(TEXT, st.fixed_dictionaries({"en": TEXT, "ja": TEXT}))
YAML_TOKENS = st.sampled_from(["\n", "  ", "\t", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ",
                               "<<: ", "? ", "|", ">", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n", "\\x07",
                               "\\ud800", "key", "id", "EXO-RM-001", "\ufeff", "\x00", "\x85", "\u2028"])
ANY_TEXT = st.lists(st.one_of(YAML_TOKENS, st.text(max_size=5),
                              st.characters(codec=None, blacklist_categories=())), max_size=60).map("".join)


def assert_positioned(error: UserError, file: str) -> None:
    assert error.diagnostics, "a UserError always carries at least one diagnostic"
    for diagnostic in error.diagnostics:
        assert diagnostic.file == file and diagnostic.line >= 0 and diagnostic.column >= 0
        assert diagnostic.message


def only_plain_data(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and only_plain_data(v) for k, v in value.items())
    if isinstance(value, list):
        return all(only_plain_data(v) for v in value)
    return value is None or isinstance(value, str)


@examples(1000)
@given(ANY_TEXT)
def test_random_yaml_text_is_parsed_or_reported(text: str) -> None:
    try:
        located = parse_text(text, "f.yaml")
    except UserError as error:
        assert_positioned(error, "f.yaml")
        return
    assert only_plain_data(located.data)


@examples(500)
@given(st.binary(max_size=300) | ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_file_is_loaded_or_reported(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_bytes(raw)
        try:
            located = load_file(path, "f.yaml")
        except UserError as error:
            assert_positioned(error, "f.yaml")
            return
    assert only_plain_data(located.data)


# --------------------------------------------------------------------------- random catalogs

CATEGORIES = [("RM", "raw-materials"), ("SF", "safety"), ("QC", "quality-control")]
STAGES = ["nonclinical", "phase1", "phase2", "phase3", "marketing"]
ATTRIBUTES = {"route": ["inhalation", "intravenous", "nasal"], "donor": ["autologous", "allogeneic"]}
CTD = ["3.2.S.2.3", "3.2.P.5", "3.2.A.2"]
CLAUSES = ["1", "1.1", "2.3", "3.10", "Annex 2", "第3条"]

Files = dict[str, Any]  # catalog-relative path -> YAML data


@st.composite
def catalogs(draw: st.DrawFn) -> Files:
    """A catalog that is valid by construction, with hostile text wherever text may go."""
    categories = draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True))
    stages = STAGES[: draw(st.integers(2, len(STAGES)))]
    attributes = draw(st.lists(st.sampled_from(sorted(ATTRIBUTES)), max_size=2, unique=True))
    ctd = draw(st.lists(st.sampled_from(CTD), max_size=3, unique=True))
    files: Files = {"taxonomy.yaml": {
        "catalog": {"title": draw(LOCALIZED), "version": draw(TEXT), "date": "2026-01-15"},
        "categories": [{"id": c, "slug": s, "title": draw(LOCALIZED), "description": draw(LOCALIZED)} for c, s in categories],
        "stages": [{"id": s, "title": draw(LOCALIZED)} for s in stages],
        "attributes": [{"id": a, "title": draw(LOCALIZED), "values": [{"id": v, "title": draw(TEXT)} for v in ATTRIBUTES[a]]}
                       for a in attributes],
        "ctd_sections": [{"id": s, "title": draw(TEXT)} for s in ctd]}}
    sources = _sources(draw)
    files.update({f"sources/{sid}.yaml": data for sid, data in sources.items()})
    requirements = _requirements(draw, categories, stages, attributes, ctd, sources)
    slugs = dict(categories)
    files.update({f"requirements/{slugs[data['category']]}/{rid}.yaml": data for rid, data in requirements.items()})
    return files


def _sources(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    ids = [f"SRC-{letter}" for letter in "ABCD"[: draw(st.integers(1, 4))]]
    sources = {}
    for index, sid in enumerate(ids):
        superseded = index + 1 < len(ids) and draw(st.booleans())  # successors only forward: no loops
        data: dict[str, Any] = {
            "id": sid, "title": draw(LOCALIZED), "kind": draw(st.sampled_from([k.value for k in SourceKind])),
            "issuer": draw(TEXT), "version": draw(TEXT),
            "status": "superseded" if superseded else draw(st.sampled_from(["current", "draft", "withdrawn"])),
            "verified": draw(st.booleans()), "summary": draw(LOCALIZED),
            "clauses": [{"id": c, "title": draw(LOCALIZED)} for c in draw(st.lists(st.sampled_from(CLAUSES), max_size=3,
                                                                                   unique=True))]}
        if superseded:
            data["superseded_by"] = ids[index + 1]
        sources[sid] = data
    return sources


def _requirements(draw: st.DrawFn, categories: list[tuple[str, str]], stages: list[str], attributes: list[str],
                  ctd: list[str], sources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    requirements: dict[str, dict[str, Any]] = {}
    for number in range(1, draw(st.integers(1, 6)) + 1):
        category = draw(st.sampled_from([c for c, _ in categories]))
        rid = f"EXO-{category}-{number:03d}"
        status = draw(st.sampled_from([s.value for s in RequirementStatus]))
        chosen = sorted(draw(st.lists(st.integers(0, len(stages) - 1), min_size=1, max_size=3, unique=True)))
        citations = [_citation(draw, sources) for _ in range(draw(st.integers(0, 2)))]
        if status == "adopted" and not citations:
            citations = [{"source": next(iter(sources))}]
        data: dict[str, Any] = {
            "id": rid, "title": draw(LOCALIZED), "statement": draw(LOCALIZED), "rationale": draw(LOCALIZED),
            "category": category, "topic": draw(TEXT), "criticality": draw(st.sampled_from([c.value for c in Criticality])),
            "status": status,
            "stage_expectations": [{"stage": stages[i], "level": draw(st.sampled_from(["may", "should", "must"])),
                                    "note": draw(LOCALIZED)} for i in chosen],
            "applicability": {a: draw(st.lists(st.sampled_from(ATTRIBUTES[a]), min_size=1, unique=True))
                              for a in draw(st.lists(st.sampled_from(attributes), unique=True))} if attributes else {},
            "acceptance_criteria": draw(st.lists(LOCALIZED, max_size=2)), "methods": draw(st.lists(LOCALIZED, max_size=2)),
            "evidence": draw(st.lists(LOCALIZED, max_size=2)),
            "ctd_sections": draw(st.lists(st.sampled_from(ctd), unique=True)) if ctd else [],
            "citations": citations, "related": _relations(draw, rid, status, requirements)}
        if status == "retired":
            data["retired_reason"] = draw(LOCALIZED)
        requirements[rid] = data
    return requirements


def _citation(draw: st.DrawFn, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    sid = draw(st.sampled_from(sorted(sources)))
    citation: dict[str, Any] = {"source": sid, "note": draw(LOCALIZED)}
    clauses = [c["id"] for c in sources[sid]["clauses"]]
    if clauses and draw(st.booleans()):
        citation["clause"] = draw(st.sampled_from(clauses))
    if draw(st.booleans()):
        citation["reviewed_version"] = sources[sid]["version"] if draw(st.booleans()) else draw(TEXT)
    return citation


def _relations(draw: st.DrawFn, rid: str, status: str, earlier: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """Links to earlier requirements only (so no cycles); depends_on never onto a retired one."""
    relations = []
    for target in draw(st.lists(st.sampled_from(sorted(earlier)), unique=True)) if earlier else []:
        kinds = ["see_also", "refines"]
        if earlier[target]["status"] != "retired" or status == "retired":
            kinds.append("depends_on")
        relations.append({"id": target, "type": draw(st.sampled_from(kinds))})
    return relations


def write_catalog(root: Path, files: Files) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):  # surrogates become the (invalid) UTF-8 bytes a broken editor would write
            path.write_bytes(data.encode("utf-8", "surrogatepass"))
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def assert_renders(root: Path) -> None:
    """A valid catalog yields one page per requirement and source, each rendering as Markdown."""
    catalog = load_valid_catalog(root)
    pages = render_pages(catalog, build_graph(catalog))
    expected = {requirement_path(rid) for rid in catalog.requirements} | {source_path(s) for s in catalog.sources}
    assert expected <= set(pages)
    for text in pages.values():
        assert "<script" not in markdown.markdown(text.split("\n---\n", 1)[-1], extensions=["tables", "attr_list"])


@examples(60)
@given(catalogs())
def test_valid_random_catalog_validates_and_yields_the_page_set(files: Files) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_catalog(root, files)
        errors = [d for d in validate_catalog(root).diagnostics if d.severity is Severity.ERROR]
        assert errors == [], "the generator must build valid catalogs"
        assert_renders(root)


GUIDELINE_CHAPTERS = Path(__file__).parent / "fixtures" / "guideline"


@examples(8)
@given(catalogs(), st.sampled_from(["en", "ja"]), st.sampled_from(["full", "summary"]))
def test_valid_random_catalog_gives_a_guideline_that_python_docx_reads(files: Files, language: str,
                                                                       edition: str) -> None:
    """Whatever the catalog text, the guideline opens and holds every adopted requirement's id and text as typed."""
    from exodossier.guideline.document import GuidelineOptions, build_guideline

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_catalog(root, files)
        catalog = load_valid_catalog(root)
        options = GuidelineOptions(language="ja" if language == "ja" else "en",
                                   edition="full" if edition == "full" else "summary",
                                   include_drafts=True, chapters=GUIDELINE_CHAPTERS, specification=None)
        built = build_guideline(catalog, options, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    document = docx.Document(io.BytesIO(built.data))
    body = "\n".join(p.text for p in document.paragraphs)
    for requirement in catalog.requirements.values():
        if requirement.status is RequirementStatus.RETIRED:
            continue
        assert requirement.id in body
        if language == "en":
            assert xml_safe(requirement.statement.en) in body


# --------------------------------------------------------------------------- mutations


def _drop_key(data: Any, draw: st.DrawFn) -> Any:
    if isinstance(data, dict) and data:
        return {k: v for k, v in data.items() if k != draw(st.sampled_from(sorted(data)))}
    return data


def _set_key(data: Any, draw: st.DrawFn) -> Any:
    junk = st.one_of(TEXT, st.lists(TEXT, max_size=2), st.dictionaries(TEXT, TEXT, max_size=2), st.just(""),
                     st.sampled_from(["EXO-RM-001", "EXO-SF-999", "SRC-A", "SRC-Z", "phase9", "true", "no", "[]"]))
    if isinstance(data, dict):
        key = draw(st.one_of(st.sampled_from(sorted(data) or ["id"]), TEXT))
        return {**data, key: draw(junk)}
    return draw(junk)


def _replace_text(data: Any, draw: st.DrawFn) -> Any:
    return draw(st.one_of(ANY_TEXT, st.binary(max_size=60)))


MUTATIONS: list[Callable[[Any, st.DrawFn], Any]] = [_drop_key, _set_key, _replace_text]


@st.composite
def mutated_catalogs(draw: st.DrawFn) -> Files:
    """A valid catalog with a few random edits: dropped or junk fields, garbage files, renamed or missing files."""
    files = dict(draw(catalogs()))
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(sorted(files)))
        action = draw(st.sampled_from(["edit", "edit", "rename", "delete", "copy"]))
        if action == "edit":
            files[target] = draw(st.sampled_from(MUTATIONS))(files[target], draw)
        elif action == "delete" and len(files) > 1:
            del files[target]
        elif action in ("rename", "copy"):
            moved = files[target] if action == "copy" else files.pop(target)
            files[draw(st.sampled_from(["sources/SRC-A.yaml", "sources/X.yaml", "requirements/safety/EXO-SF-001.yaml",
                                        "requirements/x/EXO-RM-009.yaml", "taxonomy.yaml", "releases/r.yaml"]))] = moved
    return files


@examples(150)
@given(mutated_catalogs())
def test_mutated_catalog_is_accepted_or_reported(files: Files) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_catalog(root, files)
        result = validate_catalog(root)
        for diagnostic in result.diagnostics:
            assert diagnostic.message and diagnostic.line >= 0 and diagnostic.column >= 0
            assert diagnostic.file
        if result.catalog is not None and not any(d.severity is Severity.ERROR for d in result.diagnostics):
            assert_renders(root)
        else:
            with pytest.raises(UserError):
                load_valid_catalog(root)


# --------------------------------------------------------------------------- profiles and the report


@st.composite
def catalogs_with_profiles(draw: st.DrawFn) -> tuple[Files, dict[str, Any]]:
    files = draw(catalogs())
    taxonomy = files["taxonomy.yaml"]
    stages = [s["id"] for s in taxonomy["stages"]]
    current = draw(st.integers(0, len(stages) - 1))
    product: dict[str, Any] = {
        "name": draw(LOCALIZED), "sponsor": draw(TEXT), "indication": draw(LOCALIZED), "modality": draw(LOCALIZED),
        "target_milestone": draw(st.sampled_from([m.value for m in Milestone])), "current_stage": stages[current],
        "attributes": {a["id"]: draw(st.sampled_from([v["id"] for v in a["values"]]))
                       for a in taxonomy["attributes"] if draw(st.booleans())},
        "classification_assumptions": draw(st.lists(LOCALIZED, max_size=2))}
    if current + 1 < len(stages) and draw(st.booleans()):
        product["next_stage"] = draw(st.sampled_from(stages[current + 1:]))
    requirement_ids = sorted(d["id"] for path, d in files.items() if path.startswith("requirements/"))
    assessments = {}
    for rid in draw(st.lists(st.sampled_from(requirement_ids), unique=True)):
        status = draw(st.sampled_from([s.value for s in AssessmentStatus]))
        entry: dict[str, Any] = {"status": status, "evidence": draw(st.lists(TEXT, max_size=2)),
                                 "comment": draw(LOCALIZED), "owner": draw(TEXT), "due": "2027-03-31"}
        if status == "not_applicable":
            entry["justification"] = draw(LOCALIZED)
        assessments[rid] = entry
    profile = {"product": product, "document": {"document_id": draw(TEXT), "prepared_by": draw(TEXT)},
               "assessments": assessments}
    return files, profile


def _english(text: Any) -> str:
    return " ".join((text["en"] if isinstance(text, dict) else text).split())


@examples(30)
@given(catalogs_with_profiles())
def test_valid_catalog_and_profile_give_a_docx_that_python_docx_reads(case: tuple[Files, dict[str, Any]]) -> None:
    files, profile = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "catalog"
        write_catalog(root, files)
        catalog = load_valid_catalog(root)
        path = Path(folder) / "profile.yaml"
        path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
        loaded, _ = load_profile(path, catalog)
        report = render_docx(analyse(catalog, loaded, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    document = docx.Document(io.BytesIO(report))
    text = " ".join(" ".join(p.text for p in document.paragraphs).split())
    assert _english(profile["product"]["name"]) in text


@examples(100)
@given(catalogs_with_profiles(), st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3), st.data())
def test_mutated_profile_is_accepted_or_reported(case: tuple[Files, dict[str, Any]],
                                                 mutations: list[Callable[[Any, st.DrawFn], Any]],
                                                 data: st.DataObject) -> None:
    files, profile = case
    mutated: Any = profile
    for mutate in mutations:
        part = data.draw(st.sampled_from(["product", "assessments", "document", None]))
        if part is not None and isinstance(mutated, dict) and isinstance(mutated.get(part), dict):
            mutated = {**mutated, part: mutate(mutated[part], data.draw)}
        else:
            mutated = mutate(mutated, data.draw)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "catalog"
        write_catalog(root, files)
        catalog = load_valid_catalog(root)
        path = Path(folder) / "profile.yaml"
        write_catalog(Path(folder), {"profile.yaml": mutated})
        try:
            load_profile(path, catalog)
        except UserError as error:
            for diagnostic in error.diagnostics:
                assert diagnostic.message and diagnostic.line >= 0 and diagnostic.column >= 0
