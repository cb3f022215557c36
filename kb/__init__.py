"""The case-vignette knowledge base: models, vocabulary, Neo4j access, loading and queries."""

__version__ = "0.1.0"
