"""The web pages: a face over kb/ for clinicians, trainers and editors, like api/ and cli/.

Server-rendered with Jinja2; htmx (vendored) swaps parts of a page for the ask box, the
filters, paging and the editor's check; Cytoscape.js (vendored) draws a vignette's graph.
Each route parses its input, makes one call into kb (or a few, for a page that shows
several answers), and renders. It never calls the JSON API.

`install(app)` mounts the pages at `/` of the app `api.app.create_app` builds (the JSON
API stays under /api/v1), over the app's Database, settings and vocabulary.

Pages register their place in the navigation (web.nav): the clinicians' reading pages, the
trainers' teaching cases (web.routes.teaching, over kb.teaching), the editors' vignette editor;
the writers' pages (articles) join it as that room of kb lands.
"""

from web.app import install

__all__ = ["install"]
