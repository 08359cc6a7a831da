package dev.iceflow.contracts.topology;

/** A timer (an EventBridge rule in AWS) that sends a scheduled event to a queue. */
public record ScheduleSpec(String name, String queue, int rateMinutes, String purpose) {}
