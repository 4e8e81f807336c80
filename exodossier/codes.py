"""The registry of diagnostic codes: every kebab-case slug a diagnostic carries, with its stable EXO number.

Slugs are what the code emits (`error(..., "unverified-source", ...)`); numbers are what people
type and search for (`--ignore EXO301`, a config file, a CI log). A number, once published, keeps
its meaning: retire a code by leaving its line here with "(retired)" in the summary, never reuse
the number. `tests/test_codes.py` fails when any slug the package can emit is missing here and
says which line to add; `exodossier docs codes` prints the table for the README and the docs site.

The hundreds group codes by what the reader has to fix, so a prefix selects a whole kind of
problem (`--select EXO3` shows only source and evidence problems).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One registered diagnostic: its stable number, the slug the code emits, and what it means."""

    number: str
    slug: str
    summary: str

    @property
    def label(self) -> str:
        """What readers see next to a message: `EXO301 unverified-source`."""
        return f"{self.number} {self.slug}"


# The first digit after EXO: what kind of problem (and so who fixes it, and where).
GROUPS: dict[str, str] = {
    "EXO0": "Command line, files and environment",
    "EXO1": "YAML syntax and catalog schema",
    "EXO2": "References, taxonomy and relations",
    "EXO3": "Sources and evidence",
    "EXO4": "Content and language (English and Japanese text)",
    "EXO5": "History, ledger, releases and authoring",
    "EXO6": "Product profiles and gap reports",
    "EXO7": "Spreadsheets and interchange",
    "EXO8": "Configuration (exodossier.toml, [tool.exodossier])",
    "EXO9": "Public consultation (comments, dispositions, responses)",
}

# Slugs ending in "*" name a family: pydantic reports schema problems by its own error type
# ("schema-int_type"), so every type not listed on its own shares the family's number.
FAMILY = "*"

CODES: tuple[Code, ...] = (
    # EXO0: command line, files and environment
    Code("EXO001", "usage", "a command-line option or argument is missing or malformed"),
    Code("EXO002", "io", "a file cannot be read (missing, a folder, or no permission)"),
    Code("EXO003", "encoding", "a file is not valid UTF-8, or text cannot be written as UTF-8"),
    Code("EXO004", "binary-file", "a file expected to be text holds NUL bytes"),
    Code("EXO005", "empty-file", "a file that must hold a mapping is empty"),
    Code("EXO006", "file-too-large", "a file is larger than any real catalog item or workbook"),
    Code("EXO007", "output-folder-missing", "the folder for an output does not exist or is a file"),
    Code("EXO008", "output-not-writable", "an output cannot be written (permissions, disk)"),
    Code("EXO009", "no-catalog", "no catalog (taxonomy.yaml) where one was expected"),
    Code("EXO010", "git", "a git command needed for history or diff failed"),
    Code("EXO011", "chapter-missing", "a guideline chapter file the document needs is missing"),
    Code("EXO012", "chapter-unreadable", "a guideline chapter file cannot be read"),
    Code("EXO013", "pdf-converter-missing", "a PDF was asked for but LibreOffice (soffice) is not installed"),
    Code("EXO014", "pdf-conversion-failed", "LibreOffice could not convert the document to PDF"),
    Code("EXO015", "output-is-input", "an output path is one of the run's inputs (writing would destroy it)"),
    Code("EXO016", "dangling-symlink", "a catalog file is a symbolic link to nothing"),
    # EXO1: YAML syntax and catalog schema
    Code("EXO100", "schema-*", "any other schema violation; pydantic's error type follows 'schema-'"),
    Code("EXO101", "schema-extra_forbidden", "unknown field (often a typo; the hint names the closest field)"),
    Code("EXO102", "schema-missing", "a required field is missing"),
    Code("EXO103", "schema-enum", "a value is not one of the allowed values"),
    Code("EXO104", "schema-string_pattern_mismatch", "a value does not have the required format (ids, dates, versions)"),
    Code("EXO105", "schema-value_error", "a value breaks a rule of its field (the message says which)"),
    Code("EXO106", "schema-literal_error", "a value is not the one fixed value allowed"),
    Code("EXO107", "schema-string_type", "text was expected"),
    Code("EXO108", "schema-model_type", "a mapping of field: value lines was expected"),
    Code("EXO109", "schema-list_type", "a list was expected"),
    Code("EXO110", "yaml-syntax", "the file is not valid YAML"),
    Code("EXO111", "yaml-duplicate-key", "a key appears twice in one mapping"),
    Code("EXO112", "yaml-alias", "YAML aliases (*name) are not allowed in catalog files"),
    Code("EXO113", "yaml-anchor", "YAML anchors (&name) are not allowed in catalog files"),
    Code("EXO114", "yaml-tag", "YAML tags (!tag) are not allowed in catalog files"),
    Code("EXO115", "yaml-merge-key", "YAML merge keys (<<) are not allowed in catalog files"),
    Code("EXO116", "yaml-complex-key", "a mapping key is not plain text"),
    Code("EXO117", "yaml-multiple-documents", "a file holds more than one YAML document"),
    Code("EXO118", "yaml-too-deep", "the YAML nests deeper than any catalog item needs"),
    Code("EXO119", "yaml-forbidden-character", "a control or other forbidden character in the text"),
    Code("EXO120", "duplicate-id", "an id is used by two files"),
    Code("EXO121", "taxonomy-duplicate", "a taxonomy entry or category folder is defined twice"),
    Code("EXO122", "misplaced-file", "a file's name or folder does not match its id"),
    Code("EXO123", "id-prefix-mismatch", "a requirement id's prefix does not match its category"),
    Code("EXO124", "yaml-null", "a plain null or ~ where a value belongs (quote it to mean the word)"),
    # EXO2: references, taxonomy and relations
    Code("EXO201", "dangling-source", "a citation or superseded_by names a source that does not exist"),
    Code("EXO202", "dangling-clause", "a citation names a clause its source does not list"),
    Code("EXO203", "dangling-requirement", "a relation names a requirement that does not exist"),
    Code("EXO204", "unknown-category", "a category that the taxonomy does not define"),
    Code("EXO205", "unknown-stage", "a development stage that the taxonomy does not define"),
    Code("EXO206", "unknown-attribute", "a product attribute that the taxonomy does not define"),
    Code("EXO207", "unknown-attribute-value", "a value that the taxonomy does not allow for an attribute"),
    Code("EXO208", "unknown-ctd-section", "a CTD section that the taxonomy does not define"),
    Code("EXO209", "unknown-requirement", "a requirement id (on the command line or in a profile) that does not exist"),
    Code("EXO210", "unknown-reference", "a source or clause named on the command line that does not exist"),
    Code("EXO211", "self-reference", "a requirement relates to itself, or a source supersedes itself"),
    Code("EXO212", "depends-on-cycle", "depends_on relations form a cycle"),
    Code("EXO213", "depends-on-retired", "a requirement depends on a retired requirement"),
    Code("EXO214", "superseded-loop", "a chain of superseded_by loops back on itself"),
    Code("EXO215", "duplicate-clause", "a source lists the same clause twice"),
    Code("EXO216", "stage-order", "development stages out of order or listed twice"),
    Code("EXO217", "unknown-id-in-text", "a text names a requirement id that does not exist (a typo in a cross-reference)"),
    # EXO3: sources and evidence
    Code("EXO301", "unverified-source", "a citation relies on a source whose details are not yet verified"),
    Code("EXO302", "unreviewed-citation", "a citation has never been reviewed"),
    Code("EXO303", "suspect-citation", "a citation was reviewed against an older version of its source"),
    Code("EXO304", "superseded-source", "a citation relies on a superseded source"),
    Code("EXO305", "adopted-without-citation", "an adopted requirement cites no source"),
    # EXO4: content and language
    Code("EXO401", "stale-translation", "the English changed since the Japanese was translated"),
    Code("EXO402", "text-not-normalised", "text breaks the normalisation rule (NFC, half-width kana, full-width letters)"),
    Code("EXO403", "discouraged-term", "the Japanese uses a discouraged variant of a controlled term"),
    Code("EXO404", "missing-term", "the English uses a controlled term whose Japanese form the Japanese lacks"),
    Code("EXO405", "terminology-duplicate", "a term id or English term is defined twice in terminology.yaml"),
    Code("EXO406", "terminology-self-discouraged", "a term's preferred Japanese form is also listed as discouraged"),
    Code("EXO407", "adopted-placeholder", "an adopted requirement still holds TODO, TBD or FIXME text"),
    # EXO5: history, ledger, releases and authoring
    Code("EXO501", "illegal-transition", "a status change that the review workflow does not allow"),
    Code("EXO502", "status-history-mismatch", "the status differs from the last recorded history step"),
    Code("EXO503", "retired-needs-reason", "retiring a requirement needs a reason"),
    Code("EXO504", "id-not-issued", "a requirement id that the ledger never issued"),
    Code("EXO505", "ledger-duplicate", "the ledger issues one id twice"),
    Code("EXO506", "deleted-requirement", "an issued requirement's file is gone (retire, never delete)"),
    Code("EXO507", "release", "the catalog cannot be released as it stands"),
    Code("EXO508", "release-exists", "a release of this version already exists"),
    Code("EXO509", "unknown-release", "a release version that does not exist"),
    Code("EXO510", "review-flow-style", "a review cannot be recorded in a flow-style YAML list"),
    Code("EXO511", "fmt-unparsable", "a file cannot be formatted because it cannot be parsed"),
    Code("EXO512", "fmt-unsafe", "formatting would change a file's content, so it is left as is"),
    Code("EXO513", "diff-unreadable", "a catalog revision cannot be read for a diff"),
    Code("EXO514", "init-target-not-empty", "`exodossier init` only writes into a new or empty folder"),
    Code("EXO515", "translate-flow-style", "a text written as {en: ..., ja: ...} cannot take a fingerprint in place"),
    Code("EXO516", "translate-unsafe", "recording translation fingerprints would change a file's content"),
    Code("EXO517", "unknown-target", "a command-line target that is neither a catalog file nor an item id"),
    # EXO6: product profiles and gap reports
    Code("EXO601", "profile-not-mapping", "a product profile is not a mapping with 'product:' at the top"),
    Code("EXO602", "profile-not-preserved", "updating the profile would lose some of its content"),
    Code("EXO603", "profile-conflict", "an option contradicts what the profile already says"),
    Code("EXO604", "attribute-not-stated", "the profile does not state an attribute some requirements depend on"),
    Code("EXO605", "requirement-does-not-apply", "the profile assesses a requirement that does not apply to the product"),
    Code("EXO606", "retired-requirement", "the profile assesses a retired requirement"),
    Code("EXO607", "no-next-stage", "the product is at the last stage, so there is no next-stage view"),
    Code("EXO608", "json-syntax", "a gap report JSON file is not valid JSON"),
    Code("EXO609", "not-a-gap-report", "a JSON file is not an exodossier gap report"),
    Code("EXO610", "gap-report-too-new", "a gap report written by a newer exodossier"),
    Code("EXO611", "gap-report-too-old", "a gap report too old to compare with"),
    Code("EXO612", "not-a-released-catalog", "a JSON file given as the catalog is not a released catalog.json"),
    Code("EXO613", "released-catalog-too-new", "a released catalog.json written by a newer exodossier"),
    Code("EXO614", "bad-released-catalog", "a released catalog.json does not match this exodossier's models"),
    Code("EXO615", "bad-status", "a register cell holds a value that is not an assessment status"),
    Code("EXO616", "met-without-evidence", "a requirement assessed as met names no evidence document"),
    Code("EXO617", "placeholder-text", "TODO or placeholder text is left in the sponsor's own fields"),
    Code("EXO618", "past-due-date", "a due date is already past on the report date"),
    Code("EXO619", "p1-without-owner", "an action that blocks the milestone (P1) has nobody named to own it"),
    # EXO7: spreadsheets and interchange
    Code("EXO701", "not-a-workbook", "a file is not a readable .xlsx workbook"),
    Code("EXO702", "missing-sheet", "a workbook lacks a required sheet"),
    Code("EXO703", "missing-header", "a sheet lacks a required column header"),
    Code("EXO704", "merged-cell", "a data cell is part of merged cells"),
    Code("EXO705", "hostile-cell", "a cell holds a formula or other content that is not plain data"),
    Code("EXO706", "bad-date", "a cell that must hold a date does not"),
    # EXO9: public consultation
    Code("EXO901", "unknown-round", "no consultation round of that id"),
    Code("EXO902", "unreadable-round", "a round's round.yaml cannot be read"),
    Code("EXO903", "missing-round-file", "a round folder has no round.yaml"),
    Code("EXO904", "round-folder-name", "a round's folder name differs from its id"),
    Code("EXO905", "comment-file-name", "a comment's file name differs from its id"),
    Code("EXO906", "duplicate-comment", "a comment repeats another one"),
    Code("EXO907", "missing-disposition", "a comment of a closed round has no disposition"),
    Code("EXO908", "response-language", "a response of a closed round lacks its English or Japanese text"),
    Code("EXO909", "accepted-without-change", "an accepted comment names no change"),
    Code("EXO910", "partly-accepted-without-change", "a partly accepted comment names no change"),
    Code("EXO911", "change-without-acceptance", "a comment names a change but was not accepted"),
    Code("EXO912", "change-does-not-touch", "the named commit or release does not change the requirements concerned"),
    Code("EXO913", "unknown-commit", "the named commit is not in the catalog's repository"),
    Code("EXO914", "change-not-checked", "the named change could not be checked (shallow clone, no git)"),
    Code("EXO915", "not-a-comment-form", "a consultation issue was not written with the comment form"),
    Code("EXO916", "bad-issue", "an entry of the issues JSON is not an issue"),
    Code("EXO917", "bad-json", "the issues file is not valid JSON, or not a list of issues"),
    Code("EXO918", "missing-requirement", "a comment names no requirement"),
    Code("EXO919", "empty-comment", "a comment is empty"),
    Code("EXO920", "hostile-text", "a comment holds markup or control characters, not plain text"),
    Code("EXO921", "unknown-organisation-type", "a commenter's organisation type is missing or unknown"),
    Code("EXO922", "unknown-language", "a comment's language is missing or unknown"),
    Code("EXO923", "already-imported", "comments imported before are skipped"),
    Code("EXO924", "round-closed", "new comments for a round that is already closed (import into a new round)"),
    # EXO8: configuration
    Code("EXO801", "config-syntax", "the settings file is not valid TOML"),
    Code("EXO802", "config-unknown-key", "a settings key that exodossier does not know (often a typo)"),
    Code("EXO803", "config-invalid-value", "a settings value of the wrong type or out of range"),
)

BY_SLUG: dict[str, Code] = {code.slug: code for code in CODES}
BY_NUMBER: dict[str, Code] = {code.number: code for code in CODES}
_FAMILIES: tuple[Code, ...] = tuple(code for code in CODES if code.slug.endswith(FAMILY))


def lookup(slug: str) -> Code | None:
    """The registered code for a slug (its own line, else its family's), or None when unregistered."""
    found = BY_SLUG.get(slug)
    if found is not None:
        return found
    return next((family for family in _FAMILIES if slug.startswith(family.slug[:-1])), None)


def label(slug: str) -> str:
    """`EXO301 unverified-source`; an unregistered slug shows as itself (tests keep that from happening)."""
    found = lookup(slug)
    return f"{found.number} {slug}" if found is not None else slug


def number(slug: str) -> str:
    found = lookup(slug)
    return found.number if found is not None else ""


def group_of(number_: str) -> str:
    return GROUPS.get(number_[:4], "")


def selects(token: str, slug: str) -> bool:
    """Whether a selector names this slug: its number (EXO301), a prefix of it (EXO3) or the slug itself."""
    if token.upper().startswith("EXO"):
        return number(slug).startswith(token.upper()) and lookup(slug) is not None
    return token == slug


def unknown_selectors(tokens: list[str] | tuple[str, ...]) -> list[str]:
    """The selectors that name no registered code (a typo, or a code from another tool)."""
    return [token for token in tokens if not any(selects(token, code.slug) for code in CODES)]


def codes_table() -> str:
    """The Markdown table of every code, grouped, for the README and the docs site."""
    lines: list[str] = []
    for prefix, title in GROUPS.items():
        members = sorted((c for c in CODES if c.number.startswith(prefix)), key=lambda c: c.number)
        if not members:
            continue
        lines += [f"#### {prefix}xx: {title}", "", "| Code | Slug | Meaning |", "| --- | --- | --- |"]
        lines += [f"| `{c.number}` | `{c.slug}` | {c.summary} |" for c in members]
        lines.append("")
    return "\n".join(lines)
