/// The migrations compiled into this build, in order, and the amendments accepted for them.
public enum MigrationCatalog {
    /// Every migration, ordered by version. Add new files to `Sources/EvidenceStore/Migrations` and list them here.
    public static let all: [Migration] = [
        Migration(
            version: 1, name: "core_schema", bytes: PackageResources._001_core_schema_sql,
            earlierChecksums: amendments[1] ?? []),
        Migration(version: 2, name: "case_requests", bytes: PackageResources._002_case_requests_sql),
        Migration(version: 3, name: "function_hints", bytes: PackageResources._003_function_hints_sql),
        Migration(version: 4, name: "store_clock", bytes: PackageResources._004_store_clock_sql),
        Migration(version: 5, name: "signing_keys", bytes: PackageResources._005_signing_keys_sql),
        Migration(version: 6, name: "checkpoint_chain", bytes: PackageResources._006_checkpoint_chain_sql),
        Migration(version: 7, name: "evidence_retention", bytes: PackageResources._007_evidence_retention_sql),
        Migration(
            version: 8, name: "directory_append_only", bytes: PackageResources._008_directory_append_only_sql),
        Migration(version: 9, name: "identity", bytes: PackageResources._009_identity_sql),
        Migration(version: 10, name: "least_privilege", bytes: PackageResources._010_least_privilege_sql),
        Migration(version: 11, name: "staff_totp", bytes: PackageResources._011_staff_totp_sql),
        Migration(
            version: 12, name: "credentials_forward_only", bytes: PackageResources._012_credentials_forward_only_sql),
        Migration(version: 13, name: "competences", bytes: PackageResources._013_competences_sql),
        Migration(
            version: 14, name: "complaints_and_visits", bytes: PackageResources._014_complaints_and_visits_sql),
        Migration(version: 15, name: "sites_and_services", bytes: PackageResources._015_sites_and_services_sql),
        Migration(version: 16, name: "email_and_reminders", bytes: PackageResources._016_email_and_reminders_sql),
        Migration(version: 17, name: "workflow_migration", bytes: PackageResources._017_workflow_migration_sql),
        Migration(version: 18, name: "bulk_event_checks", bytes: PackageResources._018_bulk_event_checks_sql),
    ]

    /// Migrations amended after release: for each version, the SHA-256 checksums of its earlier shipped texts.
    ///
    /// A migration is never edited once applied, except to remove something that must not ship (here: database
    /// hints that named command-line tool commands). An amendment is made the way Liquibase's `validCheckSum` allows:
    ///
    /// 1. edit the migration, so new databases are created right;
    /// 2. add a new migration that brings databases which applied the earlier text to the same result (for
    ///    functions, `CREATE OR REPLACE` with the amended bodies);
    /// 3. list the earlier text's checksum here, so ``Migrator`` counts such databases as having applied the
    ///    migration rather than refusing them as edited. The ledger keeps the checksum that was applied.
    ///
    /// | version | earlier checksum | why | converged by |
    /// |---|---|---|---|
    /// | 1 | `2f5b3a16…2344065` | two AC404 hints named CLI commands | 0003 |
    public static let amendments: [Int: Set<String>] = [
        1: ["2f5b3a16f7fc5369dda625be5fa353227820ed3c5a6a13d0229d67f782344065"]
    ]
}
