/// EvidenceStore persists cases, events and evidence in PostgreSQL through libpq.
public enum EvidenceStoreModule {}
