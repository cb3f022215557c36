"""Everything that answers, read-only: each function resolves the user's words (kb.vocab.resolve), runs
catalogued queries (kb.store) and returns an answer model (kb.answers).

`interventions` (what was done for a concept, ranked), `targets` (the reverse: what an intervention was used
for), `concepts` (the vocabulary as shown, pattern profiles, examples to cite), `compare` (two concepts side by
side), `vignettes` (filtered listings, with `kin`: family relations, one vignette in full, its graph),
`similarity` (case-based retrieval with the shared concepts as explanation), `search` and `fulltext` (full text
with phrases, typos and snippets), `ask`, `ask_parse` and `ask_words` (a plain-English question read
concepts-first and answered by the same functions).

May import: the ground floor, kb.store, kb.vocab. Never kb.writing.
"""
