package dev.iceflow.contracts.dataset;

/** Which input field holds the event time, how to parse it, and the column it fills. */
public record EventTimeSpec(String input, String pattern, String column) {}
