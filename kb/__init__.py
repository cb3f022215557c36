"""The case-vignette knowledge base: the product. No web code lives here; api/, cli/ (and web/) are faces over it.

The ground floor holds the shapes everything may use, and imports no room:

    settings.py   one Settings object (environment, .env) and where kb keeps what it makes (HOME)
    errors.py     the one error family: NotFound, InvalidInput, Conflict, Unavailable, Refused, Failed
    models.py     the authoring formats (vignette, vocabulary file): pydantic models, the JSON Schemas' source
    answers.py    the answers kb gives (pydantic models shared by the API, the CLI and the library)

The rooms, each saying in its own `__init__` what it holds and what it may import:

    vocab/        the vocabulary and the one resolver of words to concepts (no database)
    authoring/    reading and checking what authors write: YAML with lines, validation, evidence, identifiers
    store/        the one module that talks to Neo4j, the query catalogue, the schema, the aggregates
    local/        the project's own Neo4j server: fetched, started, stopped, backed up
    writing/      everything that changes the graph: rows, loading, editing, audit, keys, export and import
    queries/      everything that answers: interventions, concepts, vignettes, similarity, search, /ask

Dependencies point down: queries and writing may use store, vocab and authoring; store, vocab and
authoring use only the ground floor (and authoring uses vocab); local uses the ground floor.
"""

__version__ = "0.1.0"
