package dev.iceflow.validation.input;

import java.util.List;

/**
 * The records read from one ingest batch, and how many bytes they came as: what an upstream would
 * be billed for per GB at Amazon Data Firehose, reported in batch.validated's {@code inputBytes}.
 *
 * @param bytes the size of the S3 object read (its ContentLength), or of the inline records as
 *     compact UTF-8 JSON; null when S3 did not report the object's size
 */
public record BatchInput(List<RawRecord> records, Long bytes) {}
