import EmbeddedPostgres
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// The embedded cluster trusts no local user (issue #16): the superuser is reached only by peer authentication for
/// the account running Accredit, the application role only with its password; a cluster made when every local
/// connection was trusted converges on its next start, even while it runs.
@Suite(.serialized) struct EmbeddedClusterAuthenticationTests {
    /// Runs `body` with a fresh embedded cluster (stopped afterwards) and its home.
    static func withCluster(_ body: (LocalCluster, String) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            // The cluster runs as the postgres user when the tests run as root: let it reach its directory.
            chmod(directory, 0o755)
            let cluster = LocalCluster(home: directory + "/home")
            defer { try? cluster.stop() }
            try body(cluster, directory)
        }
    }

    /// Whether a connection string is refused at login.
    static func refused(_ conninfo: String) -> Bool {
        (try? PostgresConnection(conninfo: conninfo)) == nil
    }

    @Test func onlyThePeerSuperuserAndTheApplicationRoleWithItsPasswordGetIn() async throws {
        try await Self.withCluster { cluster, directory in
            let owner = try PostgresConnection(conninfo: try cluster.start())
            try Migrator(connection: owner).migrate()
            let rules = try String(contentsOfFile: directory + "/home/postgres/data/pg_hba.conf", encoding: .utf8)
            let active = rules.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(!active.contains { $0.contains("trust") })
            #expect(active.contains { $0.contains("peer map=accredit") })

            let socket = "host=\(directory)/home/postgres port=5432 dbname=accredit"
            let noFile = " passfile=\(directory)/no-such-file"
            #expect(Self.refused("\(socket) user=\(StoreRoles.application)\(noFile)"))
            #expect(Self.refused("\(socket) user=\(StoreRoles.application) password=wrong\(noFile)"))
            #expect(Self.refused("\(socket) user=\(StoreRoles.owner) password=wrong\(noFile)"))

            let application = try DatabaseLocation.embedded(home: cluster.home).applicationConnect()
            try StoreRoles.requireLeastPrivilege(application)
            #expect(throws: PostgresError.self) { try application.execute("DELETE FROM case_events") }
            var info = stat()
            #expect(stat(cluster.applicationPasswordFile, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)

            // A replaced password file gets a new password on the role; the old one stops working.
            let old = try String(contentsOfFile: cluster.applicationPasswordFile, encoding: .utf8)
            unlink(cluster.applicationPasswordFile)
            _ = try cluster.applicationConninfo()
            let new = try String(contentsOfFile: cluster.applicationPasswordFile, encoding: .utf8)
            #expect(new != old)
            let oldPassword = String(old.split(separator: "\n").last?.split(separator: ":").last ?? "")
            #expect(Self.refused("\(socket) user=\(StoreRoles.application) password=\(oldPassword)\(noFile)"))
            #expect(!Self.refused(cluster.applicationConninfoText))
        }
    }

    /// A running cluster whose rules trust every local connection (as clusters made before issue #16 did) is given
    /// the new rules and reloaded by the next start.
    @Test func aTrustingClusterConvergesOnItsNextStart() async throws {
        try await Self.withCluster { cluster, directory in
            try Migrator(connection: try PostgresConnection(conninfo: try cluster.start())).migrate()
            _ = try cluster.applicationConninfo()
            let data = directory + "/home/postgres/data"
            let trusting = "local all all trust\n"
            try TestFiles.write(Array(trusting.utf8), to: data + "/pg_hba.conf")
            let pid = try String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8)
                .split(separator: "\n").first.flatMap { Int32($0) }
            kill(try #require(pid), SIGHUP)
            let bare =
                "host=\(directory)/home/postgres port=5432 dbname=accredit user=\(StoreRoles.application) "
                + "passfile=\(directory)/no-such-file"
            #expect(Self.waitUntil { !Self.refused(bare) }, "the trusting rules must take effect for this test")

            try cluster.start()
            #expect(Self.waitUntil { Self.refused(bare) })
            #expect(try String(contentsOfFile: data + "/pg_hba.conf", encoding: .utf8) != trusting)
            #expect(!Self.refused(try cluster.applicationConninfo()))
        }
    }

    /// Another operating-system account that reaches the socket is refused the superuser by peer authentication
    /// (the cluster's directory is private as well; it is opened here so that the rules are what refuses).
    @Test(.enabled(if: getuid() == 0, "switching to another account needs root"))
    func anotherLocalAccountIsNotThePeerSuperuser() async throws {
        try await Self.withCluster { cluster, directory in
            try cluster.start()
            let socketDirectory = directory + "/home/postgres"
            chmod(socketDirectory, 0o755)
            defer { chmod(socketDirectory, 0o700) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = [
                "-u", "nobody", "--", "psql", "host=\(socketDirectory) port=5432 user=postgres dbname=accredit",
                "-c", "SELECT 1",
            ]
            process.environment = ["PATH": "/usr/bin:/bin", "PGPASSFILE": "/nonexistent"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus != 0)
            #expect(text.contains("Peer authentication failed for user \"postgres\""), "\(text)")
        }
    }

    /// Polls `condition` for up to five seconds (a reload takes effect shortly after the signal).
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            usleep(50_000)
        }
        return false
    }
}
