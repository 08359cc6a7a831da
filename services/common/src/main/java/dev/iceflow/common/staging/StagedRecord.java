package dev.iceflow.common.staging;

import com.fasterxml.jackson.databind.JsonNode;

/** A valid record staged between validation and enrichment, with its position in the input. */
public record StagedRecord(int position, JsonNode record) {}
