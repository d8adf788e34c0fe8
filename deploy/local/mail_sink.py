#!/usr/bin/python3
"""The local mail sink: an SMTP server (Debian's aiosmtpd) that keeps every
message it accepts as a file, DIR/NNNN-<recipient>.eml, readable with any
mail program or `less`. Never delivers anything anywhere.

  mail_sink.py DIR PORT [PORT_FILE]   (PORT 0 picks a free one, written to PORT_FILE)
"""
import asyncio
import os
import sys
import time

from aiosmtpd.smtp import SMTP


class Keep:
    def __init__(self, folder):
        self.folder = folder
        self.count = len([f for f in os.listdir(folder) if f.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        recipient = (envelope.rcpt_tos or ["unknown"])[0].replace("/", "_")
        path = os.path.join(self.folder, f"{self.count:05d}-{recipient}.eml")
        with open(path + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(path + ".part", path)  # whole files only
        return "250 kept"


def main():
    folder, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    handler = Keep(folder)
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True), "127.0.0.1", port))
    port = server.sockets[0].getsockname()[1]
    if len(sys.argv) > 3:
        with open(sys.argv[3] + ".part", "w") as f:
            f.write(f"{port}\n")
        os.replace(sys.argv[3] + ".part", sys.argv[3])
    print(f"mail sink on 127.0.0.1:{port}, keeping messages in {folder}", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
