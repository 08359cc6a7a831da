package dev.iceflow.contracts.dataset;

import java.util.Map;

/** Reference data in S3 that rules and joins look records up in. */
public record ReferenceSpec(
    String description,
    String bucket,
    String key,
    String format,
    String keyColumn,
    Map<String, String> columns) {}
