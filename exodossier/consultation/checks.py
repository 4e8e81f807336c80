"""What `exodossier validate` checks in the consultation folder, each problem at its file:line:col.

- every comment names a requirement that exists (or 'general');
- in a closed round every comment has a disposition, with the response in Japanese and English;
- an accepted comment names the change it caused; the named requirements exist;
- the named commit (read from git) or release really touches those requirements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from exodossier.authoring.git_revisions import changed_files, is_shallow
from exodossier.catalog.loader import Catalog, display_path
from exodossier.consultation.ids import requirement_hint
from exodossier.consultation.models import GENERAL, Change, Comment, Decision, RoundStatus
from exodossier.consultation.store import ROUND_FILE, RoundData, load_round, round_ids
from exodossier.errors import Diagnostic, UserError, error, warning

Where = tuple[str, int, int]


@dataclass
class GitChanges:
    """Files each commit changed, asked of git once per commit; git trouble becomes a diagnostic."""

    catalog_dir: Path
    cache: dict[str, set[str] | Diagnostic] = field(default_factory=dict)

    def files(self, commit: str, where: Where) -> set[str] | Diagnostic:
        if commit not in self.cache:
            self.cache[commit] = self._ask(commit, where)
        return self.cache[commit]

    def _ask(self, commit: str, where: Where) -> set[str] | Diagnostic:
        try:
            return changed_files(commit, self.catalog_dir)
        except UserError as exc:
            reason = exc.diagnostics[0].message if exc.diagnostics else "git failed"
        if self._shallow():
            return warning(*where, "change-not-checked", f"commit {commit} is not in this shallow clone; "
                           "the change could not be checked", hint="fetch the full history (git fetch --unshallow)")
        if "not a git repository" in reason or "cannot run git" in reason:
            return warning(*where, "change-not-checked", f"the change could not be checked: {reason}",
                           hint="run validate inside the catalog's git repository")
        return error(*where, "unknown-commit", f"commit '{commit}' was not found in the catalog's repository",
                     field_path="disposition.change.commit", hint="name the commit as `git log --oneline` shows it")

    def _shallow(self) -> bool:
        try:
            return is_shallow(self.catalog_dir)
        except UserError:
            return False


def validate_consultation(consultation_dir: Path, catalog: Catalog) -> list[Diagnostic]:
    """Every round of the folder, read and checked against the catalog."""
    return load_checked(consultation_dir, catalog)[1]


def load_checked(consultation_dir: Path, catalog: Catalog) -> tuple[list[RoundData], list[Diagnostic]]:
    """Every round of the folder as read, and every problem found reading and checking it."""
    diagnostics: list[Diagnostic] = []
    rounds: list[RoundData] = []
    git = GitChanges(catalog.root)
    folder = Path(consultation_dir)
    for path in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        if path.name not in round_ids(folder):
            diagnostics.append(error(display_path(path / ROUND_FILE), 0, 0, "missing-round-file",
                                     f"the round folder '{path.name}' has no {ROUND_FILE}",
                                     hint="import comments with --round to create it, or remove the folder"))
            continue
        data, problems = load_round(path)
        rounds.append(data)
        diagnostics += problems + check_round(data, catalog, git)
    return rounds, diagnostics


def check_round(data: RoundData, catalog: Catalog, git: GitChanges) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if data.round is not None and data.round.id != data.folder.name and data.round_origin is not None:
        line, column = data.round_origin.position(("id",))
        diagnostics.append(error(data.round_origin.file, line, column, "round-folder-name",
                                 f"round '{data.round.id}' is in the folder '{data.folder.name}'", field_path="id",
                                 hint="the folder is named for the round id"))
    closed = data.round is not None and data.round.status is RoundStatus.CLOSED
    seen: dict[str, str] = {}
    for comment in data.comments:
        diagnostics += list(_comment_problems(data, comment, catalog, closed, git))
        first = seen.setdefault(comment.origin.fingerprint, comment.id)
        if first != comment.id:
            diagnostics.append(warning(*data.position(comment.id, ("origin", "fingerprint")), "duplicate-comment",
                                       f"{comment.id} repeats {first}", hint="decide on one and note the other"))
    return diagnostics


def _comment_problems(data: RoundData, comment: Comment, catalog: Catalog, closed: bool,
                      git: GitChanges) -> Iterator[Diagnostic]:
    if comment.requirement != GENERAL and comment.requirement not in catalog.requirements:
        yield error(*data.position(comment.id, ("requirement",)), "unknown-requirement",
                    f"unknown requirement '{comment.requirement}'", field_path="requirement",
                    hint=requirement_hint(comment.requirement, catalog))
    disposition = comment.disposition
    if disposition is None:
        if closed:
            yield error(*data.position(comment.id, ("id",)), "missing-disposition",
                        f"{comment.id} has no disposition, and the round is closed", field_path="disposition",
                        hint="add disposition: with decision, response (en and ja) and, when accepted, change")
        return
    where = data.position(comment.id, ("disposition",))
    if closed:
        missing = [lang for lang in ("ja", "en") if getattr(disposition.response, lang) is None]
        if missing:
            yield error(*data.position(comment.id, ("disposition", "response")), "response-language",
                        f"the response has no {' or '.join(missing)} text, and the round is closed",
                        field_path="disposition.response", hint="the responses are published in Japanese and English")
    if disposition.change is None:
        if disposition.decision is Decision.ACCEPTED:
            yield error(*where, "accepted-without-change", f"{comment.id} is accepted but names no change",
                        field_path="disposition.change",
                        hint="add change: with the requirement ids and the commit (or release) that changed them")
        elif disposition.decision is Decision.PARTLY_ACCEPTED:
            yield warning(*where, "partly-accepted-without-change",
                          f"{comment.id} is partly accepted but names no change", field_path="disposition.change")
        return
    if disposition.decision in (Decision.NOT_ACCEPTED, Decision.NOTED):
        yield warning(*where, "change-without-acceptance",
                      f"{comment.id} names a change but is {disposition.decision.value.replace('_', ' ')}",
                      field_path="disposition.change", hint="accept (or partly accept) it, or remove the change")
    yield from _change_problems(data, comment, disposition.change, catalog, git)


def _change_problems(data: RoundData, comment: Comment, change: Change, catalog: Catalog,
                     git: GitChanges) -> Iterator[Diagnostic]:
    known = [rid for rid in change.requirements if rid in catalog.requirements]
    for index, rid in enumerate(change.requirements):
        if rid not in catalog.requirements:
            yield error(*data.position(comment.id, ("disposition", "change", "requirements", index)),
                        "unknown-requirement", f"unknown requirement '{rid}'",
                        field_path=f"disposition.change.requirements[{index}]", hint=requirement_hint(rid, catalog))
    if change.commit is not None:
        where = data.position(comment.id, ("disposition", "change", "commit"))
        files = git.files(change.commit, where)
        if isinstance(files, Diagnostic):
            yield files
            return
        names = {Path(path).name for path in files}
        untouched = [rid for rid in known if f"{rid}.yaml" not in names]
        if untouched:
            yield error(*where, "change-does-not-touch", f"commit {change.commit} does not change "
                        f"{', '.join(untouched)}", field_path="disposition.change.commit",
                        hint="name the commit that changed these requirements (git log --oneline -- <file>)")
    elif change.release is not None:
        where = data.position(comment.id, ("disposition", "change", "release"))
        release = catalog.releases.get(change.release)
        if release is None:
            yield error(*where, "unknown-release", f"the catalog has no release '{change.release}'",
                        field_path="disposition.change.release",
                        hint=f"releases: {', '.join(catalog.releases) or 'none yet'}; or name the commit instead")
            return
        changed = {item.id for item in release.requirements}
        untouched = [rid for rid in known if rid not in changed]
        if untouched:
            yield error(*where, "change-does-not-touch", f"release {change.release} does not change "
                        f"{', '.join(untouched)}", field_path="disposition.change.release",
                        hint="name the release (or commit) whose notes list these requirements")
