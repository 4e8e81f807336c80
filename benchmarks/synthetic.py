"""Synthetic catalogs and product profiles of any size, for the performance benchmark.

The shape follows the real catalog (measured on it: ~97-word statements, ~65-word
rationales, ~3 citations and ~2 related links per requirement, ~4 clauses per source,
~40% of requirements with Japanese text, ~25% with applicability conditions), so that
timings on 10,000 synthetic requirements say something about a real catalog of that
size. Everything is drawn from one seeded `random.Random`, and files are written in a
fixed order, so the same (size, seed) always gives byte-identical files.

Requirement ids have three digits (EXO-RM-001..999). When a size needs more than 999
per category, extension categories (RMB, MPB, ...) are added to the copied taxonomy.
depends_on links always point to an earlier requirement, so there are no cycles.
"""

from __future__ import annotations

import hashlib
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from exodossier.catalog.yaml_reader import load_file

TAXONOMY_SNAPSHOT = Path(__file__).with_name("taxonomy.yaml")
MAX_PER_CATEGORY = 999
DEFAULT_SEED = 20261125

try:  # libyaml's emitter: ~10x faster for the 10,000-file catalog; output is the same text.
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

# --------------------------------------------------------------------------- vocabulary

_SUBJECTS = ["The sponsor", "The manufacturer", "The applicant", "The quality unit", "The testing laboratory"]
_MODALS = ["must", "must", "should", "may"]
_VERBS = ["define", "justify", "control", "monitor", "characterise", "qualify", "validate", "document",
          "demonstrate", "establish", "verify", "trend", "assess", "confirm", "limit"]
_ADJECTIVES = ["residual", "critical", "orthogonal", "representative", "validated", "sterile", "aseptic",
               "vesicular", "non-vesicular", "process-related", "product-related", "stability-indicating",
               "qualified", "single-use", "worst-case", "inhaled", "compendial", "risk-based", "cumulative"]
_NOUNS = ["particle concentration", "size distribution", "tetraspanin markers", "host-cell protein",
          "residual DNA", "endotoxin", "bioburden", "potency assay", "reference standard", "master cell bank",
          "working cell bank", "culture medium", "conditioned medium", "tangential flow filtration",
          "diafiltration volume", "membrane cut-off", "hold time", "fill volume", "container closure",
          "aerosol performance", "delivered dose", "miRNA cargo", "protein corona", "aggregation",
          "adventitious agents", "viral clearance", "mycoplasma", "sterility", "stability programme",
          "shipping validation", "comparability", "specification", "batch record", "process parameter",
          "in-process control", "impurity profile", "identity test", "purity ratio", "lipid content",
          "zeta potential", "cryo-electron microscopy", "nanoparticle tracking analysis", "flow cytometry"]
_CONNECTIVES = ["before", "after", "during", "for each batch of", "across", "within", "throughout",
                "as part of", "in support of", "prior to release of"]
_OBJECTS = ["the drug substance", "the drug product", "the harvest", "each intermediate", "the final bulk",
            "clinical batches", "process performance qualification batches", "the commercial process",
            "the nebulised product", "every release lot"]
_JA_PHRASES = ["小胞製剤の品質特性を", "製造工程の管理戦略として", "原薬及び製剤について", "試験方法の妥当性を",
               "リスク評価に基づき", "規格及び試験方法を", "安定性試験の結果から", "ウイルス安全性を",
               "粒子濃度及び粒子径分布を", "細胞バンクの適格性を", "不純物プロファイルを", "吸入製剤の性能を",
               "設定し、その妥当性を示すこと。", "評価し、記録すること。", "管理すること。", "確認すること。"]
_ISSUERS = ["ICH", "MHLW", "PMDA", "EDQM", "USP", "FDA", "EMA", "WHO", "ISEV", "ISO", "JSRM", "ASTM"]
_KINDS = ["ich_guideline", "jp_notification", "jp_guidance", "pharmacopoeia", "regulatory_guidance", "who",
          "society_position", "standard", "journal_article", "jp_law", "jp_ordinance"]
_PEOPLE = ["A. Tanaka", "B. Suzuki", "C. Sato", "D. Ito", "E. Watanabe", "F. Yamamoto"]
_PRODUCT_ATTRIBUTES = {  # the model case: airway epithelial cell-derived exosomes for inhalation
    "route": "inhalation", "cell_source_type": "primary_cells", "donor_type": "allogeneic",
    "animal_derived_materials": "not_used", "producer_cells_genetically_modified": "no",
    "cargo_engineered": "no", "dosage_form": "nebuliser_solution", "primary_separation": "circulating_tff",
    "final_sterile_filtration": "no",
}


class _Text:
    """Sentences and phrases of realistic length, drawn from one generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def phrase(self, words: int) -> str:
        parts: list[str] = []
        while len(" ".join(parts).split()) < words:
            parts.append(f"{self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)}")
        return " and ".join(parts)

    def title(self) -> str:
        words = self.phrase(self.rng.randint(4, 9))
        return words[:1].upper() + words[1:]

    def sentence(self) -> str:
        rng = self.rng
        return (f"{rng.choice(_SUBJECTS)} {rng.choice(_MODALS)} {rng.choice(_VERBS)} the "
                f"{self.phrase(rng.randint(3, 8))} {rng.choice(_CONNECTIVES)} {rng.choice(_OBJECTS)}"
                f"{', with ' + self.phrase(rng.randint(2, 6)) if rng.random() < 0.6 else ''}.")

    def paragraph(self, words: int) -> str:
        sentences: list[str] = []
        count = 0
        while count < words:
            sentence = self.sentence()
            sentences.append(sentence)
            count += len(sentence.split())
        return " ".join(sentences)

    def japanese(self, phrases: int) -> str:
        return "".join(self.rng.choice(_JA_PHRASES[:-4]) for _ in range(phrases - 1)) + self.rng.choice(_JA_PHRASES[-4:])

    def localized(self, english: str, share: float, phrases: int) -> Any:
        return {"en": english, "ja": self.japanese(phrases)} if self.rng.random() < share else english


def _date(rng: random.Random, first_year: int = 2015, last_year: int = 2026) -> str:
    return f"{rng.randint(first_year, last_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# --------------------------------------------------------------------------- taxonomy


def taxonomy_for(size: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The real taxonomy, with extension categories when 999 ids per category are not enough."""
    taxonomy = load_file(TAXONOMY_SNAPSHOT).data
    real = list(taxonomy["categories"])
    needed = max(len(real), math.ceil(size / MAX_PER_CATEGORY))
    categories = list(real)
    for index in range(needed - len(real)):
        base = real[index % len(real)]
        letter = chr(ord("B") + index // len(real))
        categories.append({"id": base["id"] + letter, "slug": f"{base['slug']}-{letter.lower()}",
                           "title": f"{base['title']} ({letter})", "description": base["description"]})
    taxonomy["categories"] = categories
    taxonomy["catalog"]["title"] = f"Synthetic benchmark catalog ({size:,} requirements)"
    return taxonomy, categories


# --------------------------------------------------------------------------- sources


def _sources(rng: random.Random, text: _Text, count: int) -> list[dict[str, Any]]:
    sources: list[dict[str, Any]] = []
    for index in range(count):
        status = rng.choices(["current", "superseded", "draft", "withdrawn"], [86, 8, 4, 2])[0]
        if index == count - 1 and status == "superseded":
            status = "current"  # the last source has no later one to be superseded by
        version = rng.choice(["R1", "R2", "2019", "2021", "2023", "Step 4", "1.0", "2.1"])
        source: dict[str, Any] = {
            "id": f"SYN-{rng.choice(_ISSUERS)}-{index + 1:05d}",
            "title": text.localized(text.title(), 0.3, 3),
            "kind": rng.choice(_KINDS),
            "issuer": rng.choice(_ISSUERS),
            "document_number": f"No. {rng.randint(100, 9999)}-{rng.randint(1, 99)}",
            "version": version,
            "date": _date(rng),
            "status": status,
        }
        if status == "superseded":
            source["superseded_by"] = None  # filled in below, once later ids exist
        source["url"] = f"https://example.org/documents/{index + 1:05d}"
        source["verified"] = rng.random() < 0.93
        source["verification_note"] = text.paragraph(12)
        source["summary"] = text.localized(text.paragraph(45), 0.2, 4)
        source["clauses"] = [{"id": f"{section}.{rng.randint(1, 9)}" if rng.random() < 0.7 else f"topic-{section}",
                              "title": text.localized(text.title(), 0.25, 2)}
                             for section in range(1, rng.randint(2, 6) + 1)]
        sources.append(source)
    for index, source in enumerate(sources):
        if source["status"] == "superseded":
            source["superseded_by"] = sources[rng.randint(index + 1, len(sources) - 1)]["id"]
    return sources


# --------------------------------------------------------------------------- requirements


@dataclass
class _Context:
    rng: random.Random
    text: _Text
    stages: list[str]
    attributes: dict[str, list[str]]
    ctd_sections: list[str]
    citable: list[dict[str, Any]]
    weights: list[float]


def _requirement(ctx: _Context, rid: str, category: str, earlier: list[str], neighbours: list[str],
                 retired: bool) -> dict[str, Any]:
    rng, text = ctx.rng, ctx.text
    status = "retired" if retired else rng.choices(["adopted", "draft", "under_review"], [88, 6, 6])[0]
    requirement: dict[str, Any] = {
        "id": rid,
        "title": text.localized(text.title(), 0.4, 2),
        "statement": text.localized(text.paragraph(rng.randint(60, 130)), 0.4, 6),
        "rationale": text.localized(text.paragraph(rng.randint(40, 90)), 0.2, 5),
        "category": category,
        "topic": f"Topic {rng.randint(1, 12)}",
        "criticality": rng.choices(["high", "medium", "low"], [60, 33, 7])[0],
        "status": status,
        "stage_expectations": _stage_expectations(ctx),
    }
    if rng.random() < 0.25:
        chosen = rng.sample(sorted(ctx.attributes), rng.randint(1, 2))
        requirement["applicability"] = {a: rng.sample(ctx.attributes[a], rng.randint(1, len(ctx.attributes[a])))
                                        for a in chosen}
    requirement["acceptance_criteria"] = [text.paragraph(16) for _ in range(rng.randint(1, 4))]
    requirement["methods"] = [text.phrase(8).capitalize() for _ in range(rng.randint(1, 4))]
    requirement["evidence"] = [text.phrase(7).capitalize() for _ in range(rng.randint(1, 3))]
    requirement["ctd_sections"] = rng.sample(ctx.ctd_sections, rng.randint(1, 3))
    requirement["citations"] = _citations(ctx)
    related = _related(ctx, rid, earlier, neighbours)
    if related:
        requirement["related"] = related
    if rng.random() < 0.75:
        requirement["model_case_notes"] = text.paragraph(35)
    if retired:
        requirement["retired_reason"] = text.paragraph(15)
    if status == "adopted" and rng.random() < 0.5:
        requirement["history"] = [{"status": "under_review", "by": rng.choice(_PEOPLE), "on": "2026-03-01"},
                                  {"status": "adopted", "by": "Committee", "on": "2026-06-15",
                                   "reason": text.paragraph(10)}]
    return requirement


def _stage_expectations(ctx: _Context) -> list[dict[str, Any]]:
    rng = ctx.rng
    stages = sorted(rng.sample(range(len(ctx.stages)), rng.randint(1, 4)))
    levels = ["may", "should", "must"]
    level = rng.randint(0, 1)
    entries = []
    for stage in stages:
        entries.append({"stage": ctx.stages[stage], "level": levels[level], "note": ctx.text.paragraph(15)})
        level = min(2, level + rng.randint(0, 1))
    return entries


def _citations(ctx: _Context) -> list[dict[str, Any]]:
    rng = ctx.rng
    count = rng.choices([2, 3, 4, 5], [30, 40, 20, 10])[0]
    chosen: dict[str, dict[str, Any]] = {}
    while len(chosen) < min(count, len(ctx.citable)):
        source = rng.choices(ctx.citable, ctx.weights)[0]
        chosen.setdefault(source["id"], source)
    citations = []
    for source in chosen.values():
        citation: dict[str, Any] = {"source": source["id"]}
        if rng.random() < 0.95:
            citation["clause"] = rng.choice(source["clauses"])["id"]
        roll = rng.random()
        if roll < 0.95:
            citation["reviewed_version"] = source["version"]
            citation["reviewed_by"] = rng.choice(_PEOPLE)
            citation["reviewed_on"] = _date(rng, 2025, 2026)
        elif roll < 0.97:
            citation["reviewed_version"] = "R0"  # reviewed against an older version: a suspect citation
        if rng.random() < 0.5:
            citation["note"] = ctx.text.paragraph(12)
        citations.append(citation)
    return citations


def _related(ctx: _Context, rid: str, earlier: list[str], neighbours: list[str]) -> list[dict[str, str]]:
    rng = ctx.rng
    links: dict[str, str] = {}
    for _ in range(rng.choices([0, 1, 2, 3, 4], [10, 25, 30, 20, 15])[0]):
        kind = rng.choices(["see_also", "depends_on", "refines"], [76, 16, 8])[0]
        pool = earlier if kind != "see_also" else neighbours
        if not pool:
            continue
        target = rng.choice(pool[-30:]) if rng.random() < 0.7 else rng.choice(pool)
        if target != rid and target not in links:
            links[target] = kind
    return [{"id": target, "type": kind} for target, kind in links.items()]


# --------------------------------------------------------------------------- writing


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(data), encoding="utf-8")


@dataclass(frozen=True)
class SyntheticCatalog:
    """Where a generated catalog was written, and what it holds."""

    root: Path
    requirement_files: tuple[Path, ...]
    source_count: int


def generate_catalog(root: Path, size: int, seed: int = DEFAULT_SEED) -> SyntheticCatalog:
    """Write a catalog of `size` requirements under `root` (replacing what was there)."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(f"catalog-{size}-{seed}")
    text = _Text(rng)
    taxonomy, categories = taxonomy_for(size)
    _write(root / "taxonomy.yaml", taxonomy)
    sources = _sources(rng, text, max(3, size // 10))
    for source in sources:
        _write(root / "sources" / f"{source['id']}.yaml", source)
    citable = [s for s in sources if s["status"] in ("current", "draft")]
    ctx = _Context(rng, text, stages=[s["id"] for s in taxonomy["stages"]],
                   attributes={a["id"]: [v["id"] for v in a["values"]] for a in taxonomy["attributes"]},
                   ctd_sections=[s["id"] for s in taxonomy["ctd_sections"]], citable=citable,
                   weights=[1 / (rank + 1) ** 0.8 for rank in range(len(citable))])
    files = []
    for requirement in _requirements(ctx, size, categories):
        slug = next(c["slug"] for c in categories if c["id"] == requirement["category"])
        path = root / "requirements" / slug / f"{requirement['id']}.yaml"
        _write(path, requirement)
        files.append(path)
    return SyntheticCatalog(root, tuple(files), len(sources))


def _requirements(ctx: _Context, size: int, categories: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Requirements spread evenly over the categories, in id order within each."""
    counters = {c["id"]: 0 for c in categories}
    live: list[str] = []  # non-retired ids so far: depends_on targets (earlier only -> acyclic)
    by_category: dict[str, list[str]] = {c["id"]: [] for c in categories}
    for index in range(size):
        category = categories[index % len(categories)]["id"]
        counters[category] += 1
        rid = f"EXO-{category}-{counters[category]:03d}"
        retired = ctx.rng.random() < 0.03
        neighbours = by_category[category] or live
        yield _requirement(ctx, rid, category, live, neighbours, retired)
        by_category[category].append(rid)
        if not retired:
            live.append(rid)


# --------------------------------------------------------------------------- profile


def generate_profile(path: Path, catalog_root: Path, seed: int = DEFAULT_SEED, share: float = 0.8) -> int:
    """Write a product profile assessing `share` of the requirements that apply; returns how many it assesses."""
    from exodossier.gap.applicability import decide
    from exodossier.catalog.loader import load_catalog

    catalog = load_catalog(catalog_root).catalog
    assert catalog is not None, f"no catalog at {catalog_root}"
    rng = random.Random(f"profile-{len(catalog.requirements)}-{seed}")
    text = _Text(rng)
    applicable = [rid for rid, r in catalog.requirements.items() if decide(r, _PRODUCT_ATTRIBUTES).applies]
    chosen = sorted(rng.sample(applicable, round(len(applicable) * share)))
    profile = {
        "product": {
            "name": {"en": "Synthetic inhaled EV product", "ja": "合成吸入小胞製剤"},
            "code": "SYN-101",
            "sponsor": "Synthetic Pharma K.K.",
            "indication": "Idiopathic pulmonary fibrosis",
            "modality": "Extracellular vesicles from airway epithelial cells",
            "target_milestone": "first_ctn",
            "current_stage": "phase1",
            "next_stage": "phase2",
            "attributes": dict(_PRODUCT_ATTRIBUTES),
            "manufacturing_steps": [{"step": step, "description": text.paragraph(20)}
                                    for step in ("upstream_culture", "harvest", "clarification", "tff",
                                                 "formulation", "fill")],
        },
        "document": {"document_id": "SYN-GAP-001", "prepared_by": "Benchmark"},
        "assessments": {rid: _assessment(rng, text) for rid in chosen},
    }
    _write(path, profile)
    return len(chosen)


def _assessment(rng: random.Random, text: _Text) -> dict[str, Any]:
    """One sponsor assessment, kept short: a 10,000-requirement profile must stay under the loader's 2 MB file limit."""
    status = rng.choices(["met", "partial", "planned", "not_met", "not_applicable"], [45, 20, 15, 15, 5])[0]
    assessment: dict[str, Any] = {"status": status}
    if status in ("met", "partial"):
        assessment["evidence"] = [{"id": f"DOC-{rng.randint(1, 9999):04d}", "title": text.phrase(3).capitalize()}
                                  for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.4:
        assessment["comment"] = text.localized(text.phrase(10).capitalize() + ".", 0.2, 2)
    if status in ("partial", "planned", "not_met"):
        assessment["owner"] = rng.choice(_PEOPLE)
        assessment["due"] = _date(rng, 2027, 2028)
    if status == "not_applicable":
        assessment["justification"] = text.phrase(10).capitalize() + "."
    return assessment


# --------------------------------------------------------------------------- cache


def generator_fingerprint() -> str:
    """Changes whenever this generator or the taxonomy snapshot changes (cache key for generated data)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(TAXONOMY_SNAPSHOT.read_bytes())
    return digest.hexdigest()[:16]
