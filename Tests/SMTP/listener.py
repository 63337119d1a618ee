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
  --reject-policy ADDRESS
                        answer RCPT TO this address with 554 5.7.1 (relaying denied: a policy refusal)
  --no-starttls         offer no STARTTLS even with a certificate
  --events FILE         every command received, one per line (AUTH's arguments left out)
  --raw GREETING        not aiosmtpd but a scripted server for misbehaviour: it sends GREETING, answers EHLO with
                        STARTTLS offered, STARTTLS with 220 (then falls silent: a stalled handshake), anything else
                        with 250
  --raw-after-starttls LINE
                        with --raw, a line sent in clear right after the 220 to STARTTLS (an injected reply)
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


def log_event(path, line):
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def raw_server(args):
    """A scripted server on a plain socket, one connection at a time, for what aiosmtpd will not do."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, 0))
    listener.listen(5)
    print(f"ready {listener.getsockname()[1]}", flush=True)

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.sendall((args.raw + "\r\n").encode())
                buffered = b""
                silent = False
                while True:
                    try:
                        data = connection.recv(4096)
                    except OSError:
                        break
                    if not data:
                        break
                    buffered += data
                    while b"\r\n" in buffered and not silent:
                        line, buffered = buffered.split(b"\r\n", 1)
                        command = line.decode("utf-8", "replace")
                        log_event(args.events, command.split(" ")[0].upper())
                        verb = command[:8].upper()
                        if verb.startswith("EHLO"):
                            connection.sendall(b"250-localhost\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n")
                        elif verb.startswith("STARTTLS"):
                            extra = (args.raw_after_starttls + "\r\n") if args.raw_after_starttls else ""
                            connection.sendall(("220 go ahead\r\n" + extra).encode())
                            silent = True
                        elif verb.startswith("QUIT"):
                            connection.sendall(b"221 bye\r\n")
                        else:
                            connection.sendall(b"250 ok\r\n")

    threading.Thread(target=serve, daemon=True).start()
    sys.stdin.read()
    listener.close()


class Handler:
    def __init__(self, out, reject, defer, events=None, policy=()):
        self.out, self.reject, self.defer, self.events = out, set(reject), set(defer), events
        self.policy = set(policy)
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        log_event(self.events, "EHLO")
        session.host_name = hostname
        return responses

    async def handle_AUTH(self, server, session, envelope, args):
        from aiosmtpd.smtp import MISSING
        log_event(self.events, "AUTH")
        return MISSING

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        log_event(self.events, "MAIL")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.policy:
            return "554 5.7.1 relay access denied"
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
    parser.add_argument("--events")
    parser.add_argument("--reject-policy", action="append", default=[])
    parser.add_argument("--raw")
    parser.add_argument("--raw-after-starttls")
    args = parser.parse_args()
    if args.raw is not None:
        raw_server(args)
        return

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

    handler = Handler(args.out, args.reject, args.defer, args.events, args.reject_policy)
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
