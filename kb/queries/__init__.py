"""Everything that answers, read-only: each function resolves the user's words (kb.vocab.resolve), runs
catalogued queries (kb.store) and returns an answer model (kb.answers).

`interventions` (what was done for a concept, ranked), `concepts` (the vocabulary as shown, pattern
profiles), `vignettes` (filtered listings, one vignette in full, its graph), `similarity` (case-based
retrieval with the shared concepts as explanation), `search` and `fulltext` (full text with snippets),
`ask` and `ask_parse` (a plain-English question answered by the same functions).

May import: the ground floor, kb.store, kb.vocab. Never kb.writing.
"""
