package dev.iceflow.validation.rules;

/** Answers whether a key exists in a reference table (e.g. an IATA code in airports). */
@FunctionalInterface
public interface ReferenceLookup {

  boolean contains(String reference, String key);
}
