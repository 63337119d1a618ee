import AccreditServer
import ArgumentParser
import CaseService
import Dispatch
import EvidenceStore
import Foundation
import Logging

extension Accreditctl {
    /// `accreditctl serve`: the accredit server, the one place that enforces the rules.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the accredit server: the HTTP API that enforces the rules, for people who sign in.",
            discussion: """
                The server is the security boundary: it holds the database credentials and the signing key, and \
                people reach it with a credential (a personal access token, or a browser session after signing in \
                with a password and TOTP), never by naming whom they act as. It uses the same database settings as \
                every other command (ACCREDIT_DATABASE_URL, libpq's PG* variables, or the embedded default), \
                serves /healthz, /metrics (Prometheus) and the API under /api/v1 (OpenAPI document at \
                /api/v1/openapi.json), logs one JSON object per line to standard error, and stops gracefully on \
                SIGTERM or SIGINT. Put it behind nginx for TLS (docs/server.md) and pass --secure-cookies there. \
                Reminders go by mail through the SMTP server that ACCREDIT_SMTP_HOST, _PORT, _SECURITY \
                (starttls, tls or none), _USER, _PASSWORD_FILE, _FROM and _CA_FILE name, with links to \
                ACCREDIT_PUBLIC_URL (docs/server.md, "Mail"); malformed settings stop it before it starts. \
                With ACCREDIT_READ_DATABASE_URL naming a streaming standby of the same cluster, history, \
                replay, reports and audits are read there when it has applied every write this server made and is \
                within --replica-lag-limit; their answers say where they were read (Accredit-Read-From) and how \
                far behind they may be (Accredit-Read-Lag-Ms) (docs/operations.md, "Read replicas").

                Examples:
                  accreditctl serve
                  accreditctl serve --listen 127.0.0.1:9000 --connections 16
                  accreditctl token create --for ann --name laptop
                """)

        @Option(help: ArgumentHelp("Where to listen, HOST:PORT.", valueName: "host:port"))
        var listen = "127.0.0.1:8080"

        @Option(help: "Database connections to keep open (each serves one request at a time).")
        var connections = 8

        @Option(help: "Connections to keep open to the read replica (ACCREDIT_READ_DATABASE_URL), if one is set.")
        var replicaConnections = 8

        @Option(
            help: ArgumentHelp(
                "The most a read replica may lag, in seconds, before the primary answers its reads instead.",
                valueName: "seconds"))
        var replicaLagLimit = 30.0

        @Option(help: "Cases whose folded state to keep in memory (a read of one is then a single query).")
        var cachedCases = 1024

        @Option(
            help: ArgumentHelp(
                "The most evidence, in bytes, one bundle with files may carry (it is built in memory).",
                valueName: "bytes"))
        var bundleFileLimit: Int64 = 32 << 20

        @Flag(help: "Mark session cookies Secure and name them __Host-accredit_session (set this behind TLS).")
        var secureCookies = false

        @Flag(help: "Take the client's address from X-Forwarded-For (only behind a proxy that sets it).")
        var trustForwardedFor = false

        func validate() throws {
            guard Self.address(listen) != nil else {
                throw ValidationError("Please give --listen as HOST:PORT, such as 127.0.0.1:8080.")
            }
            guard bundleFileLimit >= 0 else {
                throw ValidationError("Please give --bundle-file-limit as a number of bytes, 0 or more.")
            }
            guard (1...200).contains(connections) else {
                throw ValidationError("Please give --connections from 1 to 200.")
            }
            guard (1...200).contains(replicaConnections) else {
                throw ValidationError("Please give --replica-connections from 1 to 200.")
            }
            guard replicaLagLimit >= 0, replicaLagLimit <= 86_400 else {
                throw ValidationError("Please give --replica-lag-limit in seconds, from 0 to 86400.")
            }
            guard (1...1_000_000).contains(cachedCases) else {
                throw ValidationError("Please give --cached-cases from 1 to 1000000.")
            }
        }

        /// `HOST:PORT` split, or nil.
        static func address(_ text: String) -> (host: String, port: Int)? {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (0...65535).contains(port)
            else { return nil }
            var host = String(text[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return host.isEmpty ? nil : (host, port)
        }

        func run() throws {
            try reportingFailures {
                guard let (host, port) = Self.address(listen) else { return }
                // The mail settings first: a mistake there is refused before anything else is touched.
                let environment = try Context.apiEnvironment(strict: true)
                // Migrate (embedded) or check the schema once, before any request; then check that the server's
                // own login cannot rewrite history before it listens.
                let context = try Context.open(serving: true)
                _ = try Context.serverDesk()
                var configuration = ServerConfiguration(blobs: context.blobs)
                configuration.host = host
                configuration.port = port
                configuration.connections = connections
                configuration.cachedCases = cachedCases
                configuration.secureCookies = secureCookies
                configuration.maximumBundleFileBytes = bundleFileLimit
                configuration.trustForwardedFor = trustForwardedFor
                configuration.environment = environment
                configuration.replicaConnections = replicaConnections
                configuration.maximumReplicaLagMilliseconds = Int64(replicaLagLimit * 1000)
                let replica = try Context.readReplica(of: context)
                let logger = Logger(label: "accredit") { JSONLogHandler(label: $0) }
                let blobs = context.blobs
                var replicaDesk: (@Sendable () throws -> CaseDesk)?
                if let replica {
                    replicaDesk = { CaseDesk(connection: try PostgresConnection(conninfo: replica), blobs: blobs) }
                }
                let server = AccreditServer(
                    configuration: configuration, logger: logger, deskFactory: { try Context.serverDesk() },
                    replicaDeskFactory: replicaDesk)
                let done = DispatchSemaphore(value: 0)
                let failure = FailureBox()
                Task {
                    do {
                        try await server.run { port in
                            logger.info("listening", metadata: ["address": "\(host):\(port)"])
                        }
                    } catch {
                        failure.error = error
                    }
                    done.signal()
                }
                done.wait()
                if let error = failure.error { throw error }
            }
        }
    }
}

/// The server's error, handed from its task to the command.
final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
