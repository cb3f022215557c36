"""Writers' articles: stored in the graph, tagged with the vocabulary's concepts, linked to vignettes and
concepts, and turned into vignette drafts.

`text` turns what a writer sends (plain text, Markdown, HTML; bytes or str) into the plain text that is
stored and tagged; `tagging` finds every concept the text mentions (kb.vocab.matcher) and counts the
article's own findings; `store` creates, reads, lists, replaces and deletes articles (with versions and
the audit trail); `links` links an article to vignettes and concepts and answers backlinks; `suggest`
ranks vignettes for an article with the similar-cases measure; `draft` (with `passage`, `cast`, `facts`
and `cues.yaml`) drafts a vignette from the case story inside an article; `exchange` is the articles'
section of `kb export` / `kb import`; `models` holds the formats and answers of this room.

May import: the ground floor, kb.vocab, kb.authoring, kb.store, kb.writing (audit, rows, loader, exchange)
and kb.queries.similarity. Never a face (api, cli, web).
"""
