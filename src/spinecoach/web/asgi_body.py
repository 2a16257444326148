"""Reading a request's body in a plain ASGI wrapper and handing it on unchanged to the app."""

from starlette.types import Message, Receive


class BodyTooLarge(Exception):
    pass


async def buffer_body(receive: Receive, limit: int | None = None) -> tuple[bytes | None, Receive]:
    """The whole body (None when the client went away) and a `receive` that replays it.

    Raises BodyTooLarge as soon as more than `limit` bytes have arrived."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None, receive  # let the app see the disconnect
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
