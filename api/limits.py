"""Request size limit: a body larger than KB_API_MAX_BODY_BYTES is refused with 413 before it is read whole."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kb.errors import Refused


class BodyTooLarge(Refused):
    status = 413
    code = "body_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes (KB_API_MAX_BODY_BYTES)")
        self.limit = limit


class BodyLimit:
    """ASGI middleware: checks Content-Length up front, and counts the bytes of bodies sent without one.

    A refused body is not read further: the 413 answer says `Connection: close`, and
    the server closes the connection after it instead of reading (and dropping) the
    rest of the body to reuse the connection.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await _refuse(send, self.max_bytes)
            return
        seen = 0
        too_large = False

        async def counting() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_large = True
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def closing(message: Message) -> None:
            if too_large and message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, counting, closing)


async def _refuse(send: Send, limit: int) -> None:
    body = (
        b'{"error":{"code":"body_too_large","message":"the request body is larger than '
        + str(limit).encode()
        + b' bytes"}}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
