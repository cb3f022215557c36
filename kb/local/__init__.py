"""The project's own Neo4j Community server: its jars fetched by Maven from pom.xml (package data), laid out
in a data folder, started, stopped, and its database dumped and loaded (`server`, `backup`).

May import: the ground floor. A server named by NEO4J_URI is never managed here.
"""
