import EvidenceStore
import Foundation

/// How the embedded cluster authenticates: no local user is trusted.
///
/// - The superuser `postgres` is reached by *peer* authentication through the map `accredit`, which admits only the
///   operating-system account running Accredit (root, or the user whose home holds the cluster) and the cluster's
///   own account. Direct mode (`init`, `db`, the commands) connects this way.
/// - Every other role, the application role `accredit_app` first, needs its password (SCRAM-SHA-256). The
///   application role's password is generated on first use and kept in `HOME/postgres-app.pgpass` (mode 0600, in
///   libpq's password-file format), which the connection string names as its `passfile`; only the hashed verifier
///   reaches the server.
///
/// Both files are rewritten on every start when they differ (and the server reloaded), so a cluster made by an
/// earlier Accredit, which trusted every local connection, converges on its next start.
extension LocalCluster {
    /// The application role's password file (libpq's `.pgpass` format, mode 0600).
    public var applicationPasswordFile: String { home + "/postgres-app.pgpass" }

    /// The connection string for the application role; ``applicationConninfo()`` makes sure it works first.
    public var applicationConninfoText: String {
        "host=\(clusterDirectory) port=\(port) user=\(StoreRoles.application) dbname=\(database) "
            + "passfile=\(applicationPasswordFile)"
    }

    /// The connection string a server uses on the embedded cluster: the application role, authenticated by the
    /// password in ``applicationPasswordFile``.
    ///
    /// Starts the cluster if needed, creates the password (and its file) on first use, and sets it on the role when
    /// the role cannot log in with it yet (new, or its file was replaced). Call it after migrating: migration 0010
    /// creates the role.
    ///
    /// - Returns: The connection string.
    /// - Throws: ``Failure`` when the cluster will not start, the role does not exist yet, or the password file
    ///   cannot be written; ``PostgresError`` when the password cannot be set.
    public func applicationConninfo() throws -> String {
        try start()
        return try withLock {
            let password = try applicationPassword()
            if (try? PostgresConnection(conninfo: applicationConninfoText)) != nil { return applicationConninfoText }
            let admin = try PostgresConnection(conninfo: conninfo)
            guard try admin.roleExists(StoreRoles.application) else {
                throw Failure(
                    description: "the embedded cluster has no role \(StoreRoles.application) yet: apply the "
                        + "migrations first (migration \(StoreRoles.establishedBy) creates it)")
            }
            try admin.setPassword(password, forRole: StoreRoles.application)
            return applicationConninfoText
        }
    }

    /// The rules of `pg_hba.conf`: peer for `postgres` through the map, a password for every other role, nothing
    /// over TCP (the cluster opens no TCP port either).
    var hostBasedAuthentication: String {
        """
        # Written by Accredit on every start of the embedded cluster: edits here are replaced.
        # No local user is trusted. The superuser postgres is reached by peer authentication, for the operating-system
        # accounts named in pg_ident.conf's map "accredit"; every other role needs its password (SCRAM-SHA-256).
        # The same accounts may take a base backup (a replication connection), for backups.
        # TYPE  DATABASE     USER      METHOD
        local   all          postgres  peer map=accredit
        local   replication  postgres  peer map=accredit
        local   all          all       scram-sha-256

        """
    }

    /// The map of `pg_ident.conf`: the account running Accredit and the cluster's own account may be `postgres`.
    var identMap: String {
        let accounts = Set([Self.currentAccount(), "postgres"]).sorted()
        return "# Written by Accredit on every start of the embedded cluster: edits here are replaced.\n"
            + "# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n"
            + accounts.map { "accredit  \($0)  postgres\n" }.joined()
    }

    /// Writes `pg_hba.conf` and `pg_ident.conf` where they differ from ours, owned like the data directory.
    ///
    /// - Returns: Whether a file changed (a running server must reload).
    func writeAuthenticationFiles() throws -> Bool {
        var owner = stat()
        guard stat(dataDirectory, &owner) == 0 else {
            throw Failure(description: "cannot read \(dataDirectory): \(String(cString: strerror(errno)))")
        }
        var changed = false
        for (name, text) in [("pg_hba.conf", hostBasedAuthentication), ("pg_ident.conf", identMap)] {
            let path = dataDirectory + "/" + name
            if (try? String(contentsOfFile: path, encoding: .utf8)) == text { continue }
            do {
                try AtomicFile.write(Array(text.utf8), to: path, mode: AtomicFile.privateMode, replacing: true)
            } catch {
                throw Failure(description: "cannot write \(path): \(error)")
            }
            guard chown(path, owner.st_uid, owner.st_gid) == 0 else {
                throw Failure(
                    description: "cannot give \(path) to the cluster's owner: \(String(cString: strerror(errno)))")
            }
            changed = true
        }
        return changed
    }

    /// The application role's password, read from its file or made (32 random bytes, in hex) and written there.
    func applicationPassword() throws -> String {
        let prefix = "*:*:*:\(StoreRoles.application):"
        if let text = try? String(contentsOfFile: applicationPasswordFile, encoding: .utf8) {
            let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            if let line, line.count > prefix.count { return String(line.dropFirst(prefix.count)) }
        }
        var generator = SystemRandomNumberGenerator()
        let password = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
            .joined()
        let text =
            "# The password of the embedded cluster's application role (libpq password file).\n"
            + prefix + password + "\n"
        do {
            try AtomicFile.write(
                Array(text.utf8), to: applicationPasswordFile, mode: AtomicFile.privateMode, replacing: true)
        } catch {
            throw Failure(description: "cannot write \(applicationPasswordFile): \(error)")
        }
        return password
    }

    /// The name of the operating-system account this process runs as.
    static func currentAccount() -> String {
        // Unknown: map only the cluster's own account.
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "postgres" }
        return String(cString: name)
    }
}
