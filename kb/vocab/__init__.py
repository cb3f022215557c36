"""The controlled vocabulary (vocabulary.yaml, package data) and the one resolver of a user's words to concepts.

`vocabulary` reads the file, indexes every term and knows the hierarchy (broader, narrower, related).
`resolve` turns words into concepts, the same way for every face and query (id, label, synonym, plural, a
guarded typo), suggests the closest concepts, and refers to concepts in answers (retired ones included).

May import: the ground floor (kb.models, kb.answers, kb.errors, kb.settings). Never the database.
"""
