"""Finished pages lose the theme's indentation, never a character a reader sees."""

from __future__ import annotations

import re

from exodossier.site.compact import without_indentation

PAGE = """<div class="md-sidebar">
        <nav>
          <a href="x/">EXO-RM-001</a>
          <a href="y/">EXO-RM-002</a>
        </nav>
    <pre><code>key:
    value:   kept
</code></pre>
    <p>Inline <code>a
    b</code> and <kbd>Ctrl
  C</kbd></p>
    <textarea>
  typed
</textarea>
    <script>
      var s = `a
        b`;
    </script>
</div>
"""


def test_indentation_after_a_line_break_goes_and_the_text_stays() -> None:
    compact = without_indentation(PAGE)
    assert "\n<nav>\n<a href=\"x/\">EXO-RM-001</a>\n<a href=\"y/\">EXO-RM-002</a>\n</nav>" in compact
    assert re.sub(r"\s+", " ", compact) == re.sub(r"\s+", " ", PAGE)  # a space stays a space
    assert len(compact) < len(PAGE)


def test_whitespace_that_is_shown_as_typed_is_kept() -> None:
    compact = without_indentation(PAGE)
    for verbatim in ("<pre><code>key:\n    value:   kept\n</code></pre>", "<code>a\n    b</code>",
                     "<kbd>Ctrl\n  C</kbd>", "<textarea>\n  typed\n</textarea>",
                     "<script>\n      var s = `a\n        b`;\n    </script>"):
        assert verbatim in compact
