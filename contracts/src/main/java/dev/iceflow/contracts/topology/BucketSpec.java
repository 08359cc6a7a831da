package dev.iceflow.contracts.topology;

import java.util.List;

/** An S3 bucket by logical name, with its lifecycle and the notifications it sends. */
public record BucketSpec(
    String name,
    String purpose,
    boolean versioning,
    LifecycleSpec lifecycle,
    List<BucketNotificationSpec> notifications) {}
