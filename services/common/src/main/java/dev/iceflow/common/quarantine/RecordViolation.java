package dev.iceflow.common.quarantine;

/** One rule a record breaks: the rule's name, the field it concerns (if one), and why. */
public record RecordViolation(String rule, String field, String message) {}
