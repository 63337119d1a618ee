import StoreBackup

extension FailureReport {
    /// The code of a backup failure.
    static func code(for error: BackupError) -> String {
        switch error {
        case .targetNotEmpty: "backup.target-not-empty"
        case .installationExists: "backup.installation-exists"
        case .program: "backup.program-failed"
        case .database: "backup.database"
        case .file: "backup.file"
        case .unreadable: "backup.unreadable"
        case .damaged: "backup.damaged"
        case .storeDamaged: "backup.store-damaged"
        case .targetBeforeBackup: "backup.target-before-backup"
        case .walArchiveMismatch: "backup.wal-archive-mismatch"
        }
    }

    /// The exit status of a backup failure.
    static func status(_ error: BackupError) -> ExitStatus {
        switch error {
        case .targetNotEmpty, .installationExists, .unreadable, .targetBeforeBackup, .walArchiveMismatch: .invalid
        case .damaged, .storeDamaged: .refused
        case .program, .database, .file: .environment
        }
    }

    /// The words for a backup failure, with what to do.
    static func words(for error: BackupError) -> String {
        switch error {
        case .targetNotEmpty(let path):
            "\(path) exists and is not empty; a backup never overwrites anything: give a new directory"
        case .installationExists(let path):
            "\(path) already holds a database; restore into a new ACCREDIT_HOME, or stop this one "
                + "(accreditctl db stop) and move it aside first"
        case .program(let name, let output) where name == "pg_basebackup":
            "pg_basebackup failed: \(output). On a configured server the login needs the REPLICATION attribute "
                + "and pg_hba.conf a replication line for it (docs/operations.md, Backups)"
        case .program(let name, let output): "\(name) failed: \(output)"
        case .database(let message): "cannot read the store: \(message)"
        case .file(let message): message
        case .unreadable(let message): "this is not a usable Accredit backup: \(message)"
        case .damaged(let message):
            "the backup does not match its manifest: \(message); nothing was restored from it: use another backup"
        case .targetBeforeBackup(let taken, let target):
            "the backup was taken at \(taken), after \(target): restore an earlier backup to reach that time"
        case .walArchiveMismatch(let message):
            "\(message); nothing was pruned: give --prune-wal-archive the directory this store's archive_command "
                + "(or ACCREDIT_WAL_ARCHIVE) copies into. The backup itself is complete"
        case .storeDamaged(let message):
            "the store is damaged: \(message); the backup was not completed (find every damaged file with accreditctl "
                + "evidence fsck)"
        }
    }
}
