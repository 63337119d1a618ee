import Foundation
import Statecharts

/// What `accreditctl login` stores: the server and a token, in `$XDG_CONFIG_HOME/accredit/login.json` (or
/// `~/.config/accredit/login.json`), mode 0600.
struct StoredLogin: Hashable {
    /// The server's base URL.
    var server: String
    /// The bearer token.
    var token: String
    /// The actor the token acts as.
    var actor: String

    /// Where the login is kept.
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/accredit/login.json"
    }

    /// The stored login, if any (an unreadable or malformed file counts as none).
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> StoredLogin? {
        guard let data = FileManager.default.contents(atPath: path(environment: environment)),
            let value = try? CanonicalJSON.parse(Array(data)), case .string(let server)? = value["server"],
            case .string(let token)? = value["token"]
        else { return nil }
        let actor: String
        if case .string(let name)? = value["actor"] { actor = name } else { actor = "" }
        return StoredLogin(server: server, token: token, actor: actor)
    }

    /// Writes the login, readable by this user only.
    func save(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let path = Self.path(environment: environment)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let text = CanonicalJSON.encode(["server": .string(server), "token": .string(token), "actor": .string(actor)])
        let temporary = path + ".tmp-\(getpid())"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw CommandFailure(.environment, "cannot write \(path)") }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CommandFailure(.environment, "cannot write \(path)")
        }
    }

    /// Removes the stored login; true when there was one.
    static func remove(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        (try? FileManager.default.removeItem(atPath: path(environment: environment))) != nil
    }
}
