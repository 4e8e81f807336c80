"""Public consultation on a draft guideline: the comment form, importing comments, the committee's
dispositions, their checks, progress, and the published 「ご意見に対する考え方」 table."""
