"""The local stack's mail server: plain SMTP on 127.0.0.1 that accepts every message and
writes it to a file in a directory (the stack's outbox), delivering nothing.
``python -m strongroom.deploy.stack.mailsink --port P --dir D``."""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from pathlib import Path

REPLIES = {"HELO": b"250 strongroom-stack\r\n", "EHLO": b"250 strongroom-stack\r\n",
           "MAIL": b"250 OK\r\n", "RCPT": b"250 OK\r\n", "RSET": b"250 OK\r\n",
           "NOOP": b"250 OK\r\n"}


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, outbox: Path) -> None:
    writer.write(b"220 strongroom-stack ESMTP\r\n")
    try:
        while line := await reader.readline():
            verb = line[:4].decode("ascii", "replace").upper()
            if verb == "DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await writer.drain()
                message = await reader.readuntil(b"\r\n.\r\n")
                name = f"{time.time():.6f}-{uuid.uuid4().hex[:8]}.eml"
                (outbox / name).write_bytes(message[:-5])
                writer.write(b"250 OK\r\n")
            elif verb == "QUIT":
                writer.write(b"221 Bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(REPLIES.get(verb, b"502 Not implemented\r\n"))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(port: int, outbox: Path) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    server = await asyncio.start_server(
        lambda r, w: session(r, w, outbox), host="127.0.0.1", port=port
    )
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    options = parser.parse_args()
    asyncio.run(serve(options.port, options.dir))


if __name__ == "__main__":
    main()
