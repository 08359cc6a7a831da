package dev.iceflow.ops.quarantine;

import dev.iceflow.common.hash.Sha256;

/**
 * The batch id a replay publishes under, derived from the quarantine object's key and the corrected
 * records' content: replaying the same correction twice yields the same id, which the commit
 * stage's idempotency ledger (table, batch id, content fingerprint) keeps once; a different
 * correction of the same object yields a new id, so it is a new batch and not a reused id with
 * other content (which the commit stage parks in its DLQ as ReusedBatchIdException).
 */
final class ReplayBatchId {

  /** ingest.batch v1's batchId: {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$}. */
  static final int MAX_LENGTH = 100;

  static final String MARK = ".replay-";

  /** 64 bits of SHA-256: collisions among one object's corrections are out of reach. */
  static final int HASH_CHARS = 16;

  private ReplayBatchId() {}

  /** {@code <original batch id, cut to fit>.replay-<16 hex of sha256(key, content)>}. */
  static String of(String originalBatchId, String quarantineKey, String contentSha256) {
    String hash = Sha256.hex(quarantineKey + "\n" + contentSha256).substring(0, HASH_CHARS);
    int room = MAX_LENGTH - MARK.length() - HASH_CHARS;
    String stem =
        originalBatchId.length() <= room ? originalBatchId : originalBatchId.substring(0, room);
    return stem + MARK + hash;
  }
}
