"""Teaching cases: trainers' cases revealed in stages, drafted from the graph, versioned, handed out.

`cutting` cuts a vignette's narrative into the stages of a case (presenting problem, history, family dynamics,
intervention, outcome) by the phases and the evidence offsets of its facts; `selection` picks the vignettes
that show a concept best (the evidence behind it, and case similarity, explained); `questions` holds the
objectives' and questions' templates and builds their answers from the facts; `draft` puts a whole case
together; `checking` turns an authored case into a stored one (concepts through kb.vocab.resolve, vignettes,
phases and facts checked, passages cut, snapshots taken) and says what went stale; `changes` says what changed
in a stale case's vignettes and what a refresh would do; `store` saves every version with optimistic
concurrency and an audit entry, lists, restores and deletes; `render` writes the student handout and the
instructor edition as Markdown, HTML and PDF (Jinja2 templates in `templates/`, WeasyPrint); `exchange` is the
teaching-case section of `kb export` / `kb import`. `answers` holds the models of what this room answers. The
authoring format itself is `kb.models.TeachingCase`.

May import: the ground floor, kb.vocab, kb.authoring (YAML with lines), kb.store, kb.queries (the evidence and
similarity measures), kb.writing (the audit trail, export and import). Nothing imports kb.teaching but the faces.
"""
