import Foundation

extension LocalCluster {
    /// The full path of a PostgreSQL program, looked up where Debian and pg_config put them.
    ///
    /// - Throws: ``Failure`` saying to install PostgreSQL when it is nowhere.
    public static func tool(_ name: String) throws -> String {
        var candidates: [String] = []
        if let bindir = try? run("/usr/bin/pg_config", ["--bindir"], asOwner: false), bindir.status == 0 {
            candidates.append(bindir.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin" }
        candidates += ["/usr/local/bin", "/usr/bin"]
        for directory in candidates where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        throw Failure(
            description:
                "\(name) not found; install PostgreSQL (scripts/install-deps does) or set ACCREDIT_DATABASE_URL")
    }

    /// The full path of a PostgreSQL program (``tool(_:)``).
    func tool(_ name: String) throws -> String { try Self.tool(name) }

    /// Runs a program (``run(_:_:asOwner:)``).
    func run(_ program: String, _ arguments: [String], asOwner: Bool) throws -> (status: Int32, output: String) {
        try Self.run(program, arguments, asOwner: asOwner)
    }

    /// Runs a program and returns its exit status and combined output; as root, `asOwner` runs it as `postgres`.
    ///
    /// Uses `posix_spawn` and `waitpid` directly, and captures output through a temporary file rather than a pipe:
    /// `pg_ctl start` leaves a server running that would hold a pipe open forever. For the same reason the child
    /// gets no descriptor but its standard three: a server must not inherit our sockets (a caller watching one
    /// for end-of-file, as Foundation's `Process` does, would wait for as long as the server runs).
    ///
    /// - Throws: ``Failure`` when the program cannot be started.
    public static func run(
        _ program: String, _ arguments: [String], asOwner: Bool
    ) throws -> (status: Int32, output: String) {
        let argv =
            asOwner && getuid() == 0
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments
            : [program] + arguments
        let capture = NSTemporaryDirectory() + "accredit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for descriptor in Self.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "cannot wait for \(argv[0])") }
        }
        let output = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        let exitCode = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitCode, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// This process's open file descriptors (from `/proc/self/fd`; none where that is not mounted).
    static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        // The listing itself holds one descriptor open while it reads; it is closed again by now.
        return names.compactMap { Int32($0) }.filter { fcntl($0, F_GETFD) >= 0 }
    }

    /// Runs `body` holding an exclusive lock on `HOME/postgres.lock`, so concurrent commands start the cluster once.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let descriptor = open(home + "/postgres.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot create \(home)/postgres.lock: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "cannot lock \(home)/postgres.lock") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
