"""Dependencies handed to the routes: the one Database of the app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kb.db import Database


def get_db(request: Request) -> Database:
    return request.app.state.db


DB = Annotated[Database, Depends(get_db)]
