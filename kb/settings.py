"""One settings object shared by the CLI, the API and the tests.

Values come from environment variables or a `.env` file in the working
directory. `NEO4J_URI` points the project at an existing Neo4j (server,
cluster, Aura); without it the project runs its own local server.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent


def _home() -> Path:
    """Where kb keeps what it makes (the local Neo4j's data and jars, synthetic vignettes): the checkout when kb
    runs from one (`make run`, `pip install -e .`), else a folder of the user's (`pip install .`); KB_HOME overrides."""
    if os.environ.get("KB_HOME"):
        return Path(os.environ["KB_HOME"]).expanduser().resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "vignettes").is_dir():
        return checkout
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "casevignette-kb"


HOME = _home()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # --- which Neo4j -------------------------------------------------------
    neo4j_uri: str | None = Field(
        default=None,
        description="bolt://, neo4j:// or neo4j+s:// URI of an existing Neo4j; unset: the local server",
    )
    neo4j_username: str = "neo4j"
    neo4j_password: SecretStr | None = Field(
        default=None,
        description="password; for the local server, unset means a generated one kept in the data folder",
    )
    neo4j_database: str = "neo4j"

    # --- the project's own local Neo4j ------------------------------------
    kb_data_dir: Path = HOME / "var" / "neo4j"
    kb_neo4j_lib_dir: Path = Field(
        default=HOME / "var" / "neo4j-lib", description="the Neo4j jars, shared by every data folder (fetched by Maven)"
    )
    kb_neo4j_pom: Path = PACKAGE_DIR / "local" / "pom.xml"
    kb_neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    kb_neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    kb_neo4j_heap: str = "1g"
    kb_neo4j_pagecache: str = "1g"
    kb_neo4j_extra_conf: list[str] = Field(
        default_factory=list, description="extra neo4j.conf lines, e.g. db.logs.query.enabled=OFF"
    )
    kb_neo4j_start_timeout: float = 180.0
    kb_java: str | None = Field(default=None, description="java executable; default $JAVA_HOME/bin/java, then PATH")
    kb_mvn: str = "mvn"
    kb_maven_offline: bool = False
    kb_maven_repo: Path | None = Field(default=None, description="Maven local repository; default ~/.m2/repository")

    # --- API ---------------------------------------------------------------
    kb_api_host: str = "127.0.0.1"
    kb_api_port: int = 8000
    kb_api_anonymous_reads: bool = Field(
        default=False, description="let requests without an API key read (every GET); writes always need a key"
    )
    kb_api_keys_file: Path | None = Field(
        default=None, description="keep API key hashes in this JSON file instead of in Neo4j"
    )
    kb_api_cors_origins: list[str] = Field(
        default_factory=list, description='origins allowed by CORS, e.g. ["https://example.org"]; empty: CORS off'
    )
    kb_api_max_body_bytes: int = Field(default=1_000_000, ge=1_000, description="largest request body accepted")
    kb_api_neo4j_retry_seconds: float = Field(
        default=1.0, ge=0, le=60, description="how long the API retries a transaction Neo4j failed (the CLI: 8 s)"
    )

    # --- web pages -----------------------------------------------------------
    kb_web_secret: SecretStr | None = Field(
        default=None,
        description="signs the pages' session cookie; unset: one generated once, kept in kb_web_secret_file",
    )
    kb_web_secret_file: Path = Field(default=HOME / "var" / "web-secret", description="the generated secret (0600)")
    kb_web_session_hours: float = Field(default=12.0, gt=0, le=24 * 30, description="how long a sign-in lasts")

    @property
    def uses_local_neo4j(self) -> bool:
        return not self.neo4j_uri

    @property
    def password_file(self) -> Path:
        return self.kb_data_dir / "password"

    def local_bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.kb_neo4j_bolt_port}"

    def bolt_uri(self) -> str:
        return self.neo4j_uri or self.local_bolt_uri()

    def password(self) -> str | None:
        """The password to connect with: the given one, else the local server's generated one."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.uses_local_neo4j and self.password_file.exists():
            return self.password_file.read_text().strip()
        return None


@lru_cache
def get_settings() -> Settings:
    return Settings()
