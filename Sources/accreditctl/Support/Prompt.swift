import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Asking the person at the terminal: a line, or a secret without echo. When standard input is not a terminal
/// (a script, a test), lines are read from it as they come.
enum Prompt {
    /// A line typed after `question` (written to standard error).
    static func line(_ question: String) throws -> String {
        StandardError.write(question)
        guard let line = readLine(strippingNewline: true) else {
            throw CommandFailure(
                .invalid, "no answer to \"\(question.trimmingCharacters(in: .whitespaces))\" on standard input")
        }
        return line
    }

    /// A secret typed without echo (when standard input is a terminal).
    static func secret(_ question: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else { return try line(question) }
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            StandardError.write("\n")
        }
        return try line(question)
    }
}
