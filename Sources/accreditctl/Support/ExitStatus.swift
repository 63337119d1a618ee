import AccreditAPI
import ArgumentParser
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

/// Runs a command body; any error is printed to stderr as one clear line and becomes the documented exit code, both
/// chosen by ``FailureReport``. Definition diagnostics print one line each, as `workflow validate` prints them.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let diagnostics as XMLDiagnostics {
        DiagnosticOutput.report(diagnostics.items)
        throw ExitCode(ExitStatus.invalid.rawValue)
    } catch let problem as Problem where problem.diagnostics != nil {
        DiagnosticOutput.report(problem.diagnostics?.items ?? [])
        throw ExitCode(ExitStatus.invalid.rawValue)
    } catch {
        let report = FailureReport(error)
        Output.error(report.message)
        throw ExitCode(report.status.rawValue)
    }
}
