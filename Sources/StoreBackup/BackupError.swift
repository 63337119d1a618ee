/// Why a backup could not be taken, verified or restored. Each case carries what failed; front ends choose the
/// words around it.
public enum BackupError: Error, Equatable, Sendable {
    /// The target directory exists and is not empty (a backup never overwrites one).
    case targetNotEmpty(String)
    /// The installation to restore into already has a database.
    case installationExists(String)
    /// A PostgreSQL program failed: its name and last lines of output.
    case program(String, String)
    /// The database refused or failed a query.
    case database(String)
    /// A file could not be read or written.
    case file(String)
    /// The backup's manifest is missing or malformed.
    case unreadable(String)
    /// The backup does not match its manifest (a changed or missing part).
    case damaged(String)
    /// The point in time asked for lies before the backup was taken: the backup's time, then the target's.
    case targetBeforeBackup(String, String)
    /// The WAL archive named for pruning holds WAL of another cluster (or is not a WAL archive): what was found.
    case walArchiveMismatch(String)
    /// The store being backed up is damaged (an evidence file no longer has its hash).
    case storeDamaged(String)
}

extension BackupError: CustomStringConvertible {
    /// What failed, in a sentence without advice.
    public var description: String {
        switch self {
        case .targetNotEmpty(let path): "\(path) exists and is not empty"
        case .installationExists(let path): "\(path) already holds a database"
        case .program(let name, let output): "\(name) failed: \(output)"
        case .database(let message): "the database failed: \(message)"
        case .file(let message): message
        case .unreadable(let message): "the backup manifest is unreadable: \(message)"
        case .damaged(let message): "the backup is damaged: \(message)"
        case .storeDamaged(let message): "the store is damaged: \(message)"
        case .walArchiveMismatch(let message): "the WAL archive does not belong to this store: \(message)"
        case .targetBeforeBackup(let taken, let target): "the backup was taken at \(taken), after \(target)"
        }
    }
}
