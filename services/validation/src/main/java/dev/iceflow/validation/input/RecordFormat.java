package dev.iceflow.validation.input;

import java.util.Locale;

/** How records are laid out in an S3 object. */
public enum RecordFormat {
  NDJSON,
  JSON_ARRAY,
  CSV;

  /** From the ingest.batch claim-check's {@code format} (ndjson, json-array, csv). */
  public static RecordFormat fromContractName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** From a dropped file's name: .ndjson/.jsonl, .json, .csv, optionally followed by .gz. */
  public static RecordFormat fromFileName(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
      return NDJSON;
    }
    if (name.endsWith(".json")) {
      return JSON_ARRAY;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    throw new UnsupportedInputException(
        "cannot tell the record format of '%s': name it .ndjson, .jsonl, .json or .csv (optionally .gz)"
            .formatted(key));
  }
}
