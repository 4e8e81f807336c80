"""Make the example round's inputs: a filled-in comment form and a GitHub issues export.

EXAMPLE ONLY. Every comment below is made up to show the consultation workflow on the model case
(inhaled exosomes from human bronchial epithelial cells, purified by circulating TFF); none was
submitted by a real organisation. Run from the repository root:

    exodossier consultation form -o examples/consultation/comment-form.xlsx
    python examples/consultation/fill_example_form.py

It writes examples/consultation/comments.xlsx (the form, filled in the way a commenter would) and
examples/consultation/issues.json (what `gh issue list --json number,title,body,labels,author,createdAt`
prints for comments sent with the "Comment on this requirement" issue form).
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).parent
# (requirement, organisation type as the drop-down shows it, comment, proposed change, language)
WORKBOOK_ROWS = [
    ("EXO-MP-011", "Contract manufacturer (CDMO)",
     "[Example] With a magnetically levitated centrifugal pump run at variable speed, the number of passes "
     "through the pump cannot be estimated reliably from a single recirculation rate. Requiring the number "
     "of passes as the only measure of cumulative mechanical exposure would force an artificial constant-speed "
     "operation.",
     "Allow the cumulative exposure to be expressed by an equivalent measure justified by the sponsor, for "
     "example total pump revolutions or process time at the recorded recirculation rate.", "English"),
    ("EXO-MP-009", "Sponsor or marketing authorisation holder",
     "【例示】第I相試験開始の時点で、全てのTFF運転パラメータを重要・非重要に分類することは、製造経験が限られるため困難である。"
     "第I相では暫定的な分類とし、第III相試験までに確定すればよいことを明記してほしい。",
     "第I相では、リスク評価に基づく暫定的な分類で差し支えない旨を追記する。", "日本語"),
    ("EXO-DP-010", "Sponsor or marketing authorisation holder",
     "[Example] The residual volume differs between individual units of the same nebuliser model. The dose "
     "should be defined on the delivered dose measured with the nebuliser specified for use, not on the "
     "nominal fill alone.",
     "", "English"),
    ("EXO-DP-004", "Academia or research institute",
     "【例示】冷却凝縮による捕集でも、凝縮の過程で小胞が損傷する可能性がある。フィルター捕集を用いる場合には、"
     "回収率のバリデーションを求めるべきである。",
     "捕集方法ごとに、回収率及び捕集操作による損傷の有無を示すことを求める。", "日本語"),
    ("EXO-CH-002", "Academia or research institute",
     "[Example] NTA results depend strongly on the camera level and the detection threshold. Without them the "
     "reported concentration cannot be compared between laboratories.",
     "Add: report the instrument settings (camera level, detection threshold) with every NTA result.", "English"),
    ("EXO-PU-002", "Regulatory authority",
     "【例示】WHOの残存DNAの値（1投与当たり10 ng）がどの投与経路・製品を前提とした値かを明確にしないと、"
     "吸入製剤の限度値として誤読されるおそれがある。",
     "", "日本語"),
    ("EXO-RM-019", "Sponsor or marketing authorisation holder",
     "[Example] Please allow human platelet lysate in the expansion phase when the conditioning phase itself is "
     "serum-free. Expansion without supplements is not feasible for primary bronchial epithelial cells.",
     "Exclude the expansion phase from the requirement.", "English"),
    ("EXO-EP-016", "Sponsor or marketing authorisation holder",
     "[Example] Testing potency on aerosol collected from the nebuliser is burdensome before the first clinical "
     "trial. Vesicle integrity and particle concentration after nebulisation should be enough at phase 1.",
     "Change the phase 1 level from must to should.", "English"),
    ("EXO-QS-003", "Industry association",
     "【例示】初回の治験計画の届出に必要な品質データの一覧を、別紙の表として示してほしい。",
     "", "日本語"),
    ("general", "Industry association",
     "【例示】本ガイドラインの対象製品と、再生医療等製品に関する規制との関係を明確にしてほしい。",
     "", "日本語"),
    ("general", "Individual",
     "[Example] Please publish the guideline in a machine-readable form so that companies can map it to their "
     "own quality systems.",
     "", "English"),
]
ISSUES = [
    (31, "EXO-ST-001", "Contract manufacturer (CDMO) / 受託製造業者（CDMO）", "English",
     "[Example] The stability programme should also cover in-use stability: after thawing, and in the "
     "nebuliser reservoir during administration.",
     "Add in-use stability after thawing and during nebulisation to the protocol content.",
     "2027-01-20T03:12:45Z"),
    (32, "EXO-MP-011", "Academia or research institute / 大学・研究機関", "日本語",
     "【例示】日本語版で「循環型TFF」と「循環TFF」の表記が混在している。用語を統一してほしい。",
     "_No response_", "2027-01-24T08:00:00Z"),
    (35, "EXO-DP-006", "Regulatory authority / 規制当局", "English",
     "[Example] Please set a numeric lower limit for the fine particle fraction of the nebulised aerosol.",
     "_No response_", "2027-02-02T11:30:00Z"),
    (36, "EXO-DP-016", "Healthcare professional or hospital / 医療従事者・医療機関", "日本語",
     "【例示】ネブライザからの呼気・排気による医療従事者の曝露について、ガイドラインで対策を求めてほしい。",
     "_No response_", "2027-02-10T01:05:00Z"),
]


def fill_workbook() -> None:
    book = load_workbook(HERE / "comment-form.xlsx")
    sheet = book["Comments"]
    header = next(row for row in range(1, 13) if sheet.cell(row=row, column=2).value == "Requirement")
    for offset, (requirement, organisation, comment, proposed, language) in enumerate(WORKBOOK_ROWS, start=1):
        row = header + offset
        for column, value in enumerate(["", requirement, organisation, comment, proposed, language], start=1):
            if value:
                sheet.cell(row=row, column=column, value=value).data_type = "s"
    book.save(HERE / "comments.xlsx")


def issue_body(requirement: str, organisation: str, language: str, comment: str, proposed: str) -> str:
    fields = [("Requirement id / 要件ID", requirement), ("Release / 版", "0.1.0"),
              ("Organisation type / 組織の種別", organisation), ("Language of the comment / 意見の言語", language),
              ("Comment / ご意見", comment), ("Proposed change / 修正案", proposed)]
    return "\n\n".join(f"### {label}\n\n{value}" for label, value in fields)


def write_issues() -> None:
    issues = [{"number": number, "title": f"[Comment] {requirement}",
               "body": issue_body(requirement, organisation, language, comment, proposed),
               "labels": [{"name": "consultation"}], "author": {"login": f"example-commenter-{number}"},
               "createdAt": created}
              for number, requirement, organisation, language, comment, proposed, created in ISSUES]
    issues.append({"number": 33, "title": "Typo on the downloads page", "body": "The CSV link text has a typo.",
                   "labels": [{"name": "bug"}], "author": {"login": "example-user"},
                   "createdAt": "2027-01-25T00:00:00Z"})  # not a comment: skipped by the import
    text = json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
    (HERE / "issues.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    fill_workbook()
    write_issues()
