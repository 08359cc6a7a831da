package dev.iceflow.local.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An event source mapping as the Lambda API returns it (the EventSourceMappingConfiguration shape
 * of GetEventSourceMapping, UpdateEventSourceMapping and ListEventSourceMappings), limited to what
 * an SQS mapping on the local platform has.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventSourceMappingConfiguration(
    @JsonProperty("UUID") String uuid,
    @JsonProperty("EventSourceArn") String eventSourceArn,
    @JsonProperty("FunctionArn") String functionArn,
    @JsonProperty("State") String state,
    @JsonProperty("StateTransitionReason") String stateTransitionReason,
    @JsonProperty("BatchSize") int batchSize,
    @JsonProperty("MaximumBatchingWindowInSeconds") int maximumBatchingWindowInSeconds,
    @JsonProperty("FunctionResponseTypes") List<String> functionResponseTypes,
    @JsonProperty("ScalingConfig") ScalingConfig scalingConfig,
    @JsonProperty("LastModified") double lastModified) {

  /** Lambda's reason for a change made through the API. */
  private static final String USER_INITIATED = "USER_INITIATED";

  private static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

  record ScalingConfig(@JsonProperty("MaximumConcurrency") int maximumConcurrency) {}

  static EventSourceMappingConfiguration of(EventSourceMapping mapping) {
    var spec = mapping.spec();
    return new EventSourceMappingConfiguration(
        mapping.uuid(),
        mapping.queueArn(),
        LocalFunctionNames.arn(mapping.function()),
        mapping.state().awsName(),
        USER_INITIATED,
        spec.batchSize(),
        spec.maximumBatchingWindowSeconds(),
        spec.reportBatchItemFailures() ? List.of(REPORT_BATCH_ITEM_FAILURES) : List.of(),
        new ScalingConfig(spec.maximumConcurrency()),
        // Lambda's timestamps are epoch seconds, with the milliseconds as a fraction
        mapping.lastModified().toEpochMilli() / 1000.0);
  }
}
