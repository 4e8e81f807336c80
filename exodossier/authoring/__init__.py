"""The committee's commands that change the catalog or report on its history.

`new`, `fmt`, `status`, `review` and `release` edit YAML in place (through `yaml_edit`, keeping
comments); `diff` compares two catalog states, `git_revisions` materialises one from git.
"""
