package dev.iceflow.contracts.topology;

import java.util.List;

/** S3 event notifications from a bucket (under a key prefix) to a queue. */
public record BucketNotificationSpec(String queue, List<String> events, String prefix) {}
