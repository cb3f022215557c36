"""The graph's storage: the one module that opens Neo4j sessions, and what it runs.

`db` is the access module (managed transactions, safe errors, observers); `catalogue` reads the product's
Cypher queries (cypher/*.cypher, package data, each headed `// answers:` and `// touches:`); `migrate`
applies constraints.cypher; `stats` keeps the intervention aggregates, a derived index written in the
same transactions as the facts it counts.

May import: the ground floor (and kb.vocab for the hierarchy the aggregates fold in).
"""
