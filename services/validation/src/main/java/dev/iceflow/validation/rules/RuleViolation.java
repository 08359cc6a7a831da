package dev.iceflow.validation.rules;

/** One rule a record breaks: the rule's name, the field it concerns (if one), and why. */
public record RuleViolation(String rule, String field, String message) {}
