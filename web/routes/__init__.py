"""The pages, one module per subject: ask (home), vignettes, edit, concepts, search, account."""
