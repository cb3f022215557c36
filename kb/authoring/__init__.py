"""What authors write, read and checked without a database.

`yamlsource` parses YAML keeping every value's line and `jsonsource` JSON, both within the bounds of
`bounds` (no aliases, depth, size, numbers, hidden characters); `validate` checks a vignette file (shape, references,
concepts, evidence) and reports every problem as `file:line: field.path: message`; `evidence` finds a quote
in a narrative; `identifiers` finds what could identify a real person; `schema_export` writes the JSON
Schemas from the models; `generate` writes synthetic vignettes for benchmarks.

May import: the ground floor and kb.vocab. Never the database.
"""
