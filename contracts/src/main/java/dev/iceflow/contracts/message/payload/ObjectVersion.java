package dev.iceflow.contracts.message.payload;

/**
 * One version of an S3 object ({@code $defs/objectVersion}): its version id (null when its bucket
 * is not versioned) and its ETag.
 */
public record ObjectVersion(String versionId, String eTag) {}
