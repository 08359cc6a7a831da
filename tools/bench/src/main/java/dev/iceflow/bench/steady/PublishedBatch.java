package dev.iceflow.bench.steady;

/**
 * One ingest batch the benchmark published.
 *
 * @param level the offered rate of the level it belongs to (records/s)
 * @param publishedAtMillis when it was handed to SNS: its envelope time, which the commit stage
 *     records as the earliest ingest time
 * @param lateMillis how far behind its slot on the fixed schedule it was published
 */
record PublishedBatch(
    String batchId, int level, long publishedAtMillis, int records, long lateMillis) {}
