"""A real SMTP server for the tests: aiosmtpd on loopback, writing each message it accepts as one JSON line.

Prints "ready PORT" once it listens, and serves until its standard input closes. Options:
  --out FILE            where accepted messages go (JSON lines: mail_from, rcpt_tos, data, tls, login)
  --cert FILE --key FILE
                        the certificate to offer: with --implicit-tls, TLS from the first byte; else STARTTLS
  --host ADDRESS        the loopback address to listen on (127.0.0.1)
  --implicit-tls        SMTPS (TLS from the first byte)
  --require-tls         refuse MAIL before STARTTLS
  --auth USER:PASSWORD  require this sign-in (PLAIN and LOGIN)
  --reject ADDRESS      answer RCPT TO this address with 550 (repeatable)
  --defer ADDRESS       answer RCPT TO this address with 451 (repeatable)
  --no-starttls         offer no STARTTLS even with a certificate
"""

import argparse
import asyncio
import json
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, out, reject, defer):
        self.out, self.reject, self.defer = out, set(reject), set(defer)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 no such mailbox here"
        if address in self.defer:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", "replace"),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "login": session.auth_data.decode() if isinstance(session.auth_data, bytes) else None,
        }
        with self.lock, open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 2.0.0 accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--no-starttls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--defer", action="append", default=[])
    args = parser.parse_args()

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword) or args.auth is None:
            return AuthResult(success=False, handled=False)
        user, password = args.auth.split(":", 1)
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

    handler = Handler(args.out, args.reject, args.defer)
    port = free_port(args.host)
    kwargs = dict(hostname=args.host, port=port, ready_timeout=10)
    smtp_kwargs = {}
    if args.auth:
        smtp_kwargs.update(authenticator=authenticator, auth_required=True,
                           auth_require_tls=not args.implicit_tls and context is not None)
    if context is not None and args.implicit_tls:
        kwargs["ssl_context"] = context
    elif context is not None and not args.no_starttls:
        smtp_kwargs.update(tls_context=context, require_starttls=args.require_tls)
    controller = Controller(handler, server_kwargs=smtp_kwargs, **kwargs)
    controller.start()
    print(f"ready {port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
