"""The words the site prints for catalog states, in one place."""

from __future__ import annotations

from exodossier.catalog.models import ChangeKind, RequirementStatus

STATUS_LABELS = {RequirementStatus.DRAFT: "draft", RequirementStatus.UNDER_REVIEW: "under review",
                 RequirementStatus.ADOPTED: "adopted", RequirementStatus.RETIRED: "retired"}


RELATION_LABELS = {"depends_on": "depends on", "refines": "refines", "see_also": "see also"}


COUNT_HEADER = ["Category", "Requirements", "Draft", "Under review", "Adopted", "Retired", "High", "Medium", "Low"]


CHANGE_LABELS = {ChangeKind.ADDED: "Added", ChangeKind.CHANGED: "Changed", ChangeKind.RETIRED: "Retired",
                 ChangeKind.REMOVED: "Removed"}
