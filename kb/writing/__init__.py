"""Everything that changes the graph, each change with its audit entry in the same transaction.

`rows` turns a checked vignette (and the vocabulary) into the rows the writes take; `loader` validates
files first, then writes batches (one transaction each); `editing` creates, replaces and removes one
vignette with optimistic concurrency; `idempotency` lets a client send a write again without doing it twice;
`audit` records who changed what; `keys` keeps API keys as hashes; `exchange` exports the base to a folder of
files and imports such a folder back, through `exportfolder` (its layout, manifest and checksums).

May import: the ground floor, kb.store, kb.vocab, kb.authoring. Never kb.queries.
"""
