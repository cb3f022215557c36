"""Keep API keys out of the server's access log.

A key belongs in a header, and the API never reads one from the address; but a
client may still send `?api_key=kbk_...`, and uvicorn's access log writes the
whole address. This filter rewrites what it logs: the value of any query
parameter named like a key, token or password, and anything shaped like one of
this project's keys, become `[redacted]`.
"""

from __future__ import annotations

import logging
import re

_SECRET_PARAM = re.compile(
    r"(?i)([?&](?:api[_-]?key|key|x-api-key|token|access[_-]?token|auth|authorization|password|secret)=)[^&#\s\"]*"
)
_KEY = re.compile(r"kbk_[0-9A-Za-z]{1,64}_[A-Za-z0-9_-]{1,64}")


def redact(text: str) -> str:
    return _KEY.sub("kbk_[redacted]", _SECRET_PARAM.sub(r"\1[redacted]", text))


class RedactKeys(logging.Filter):
    """For uvicorn's access logger: its record's arguments are (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger, once."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactKeys) for f in access.filters):
        access.addFilter(RedactKeys())
