package dev.iceflow.contracts.topology;

/** A CloudWatch metric by namespace and name (AWS/SQS, AWS/Lambda or the pipeline's own). */
public record MetricRef(String namespace, String name) {}
