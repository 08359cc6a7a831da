package dev.iceflow.validation.rules;

/** Names of the built-in checks, as they appear in the quarantine and in records.rejected. */
public final class RuleNames {

  public static final String NOT_JSON = "record-not-json";
  public static final String NOT_OBJECT = "record-not-object";
  public static final String CSV_FIELD_COUNT = "csv-field-count";
  public static final String UNKNOWN_FIELD = "unknown-field";
  public static final String REQUIRED = "field-required";
  public static final String TYPE = "field-type";
  public static final String PATTERN = "field-pattern";
  public static final String FORMAT = "field-format";
  public static final String RANGE = "field-range";
  public static final String ENUM = "field-enum";

  private RuleNames() {}
}
