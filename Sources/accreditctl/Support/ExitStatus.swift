import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Foundation
import Workflows

/// The documented exit codes, used the same way by every command.
enum ExitStatus: Int32 {
    /// Success.
    case ok = 0
    /// Refused by a rule (a role, an impartiality rule, a workflow guard, a failed verification).
    case refused = 1
    /// Invalid input or usage.
    case invalid = 2
    /// A concurrent change: reload and retry.
    case conflict = 3
    /// The case, actor, organisation or file does not exist.
    case notFound = 4
    /// The environment failed: database unreachable, disk full.
    case environment = 5

    /// The exit code for an error thrown by the libraries.
    static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case let failure as CommandFailure: failure.status
        case is CaseRefusal: .refused
        case let store as StoreError:
            switch store.code {
            case .conflict: .conflict
            case .notFound: .notFound
            case .invalid: .invalid
            case .corrupt: .refused
            case .environment: .environment
            }
        case let database as PostgresError:
            database.code == .server && database.sqlState?.hasPrefix("57") == false ? .refused : .environment
        case is XMLDiagnostics, is CertificateFormatError: .invalid
        case let file as CocoaError where file.code == .fileReadNoSuchFile || file.code == .fileNoSuchFile: .notFound
        case is ReplayFailure: .refused
        case let file as EvidenceFileError:
            file.isDiskFull ? .environment : file.isIntegrityFailure ? .refused : .invalid
        case is LocalCluster.Failure, is FileSystemError, is Migrator.Refusal: .environment
        default: .environment
        }
    }
}

/// An error raised by a command itself, with its exit status and a message that says what to do.
struct CommandFailure: Error, CustomStringConvertible {
    /// The exit status.
    var status: ExitStatus
    /// What went wrong and what to do.
    var description: String

    init(_ status: ExitStatus, _ description: String) {
        self.status = status
        self.description = description
    }
}

/// Runs a command body; any error is printed to stderr as one clear line and becomes the documented exit code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Output.error("\(error)")
        throw ExitCode(ExitStatus.of(error).rawValue)
    }
}
