package dev.iceflow.contracts.dataset;

import java.math.BigDecimal;
import java.util.List;

/** One field of an input record: type, presence, range, enum and pattern. */
public record InputField(
    String name,
    FieldType type,
    boolean required,
    String pattern,
    String dateTimeFormat,
    BigDecimal minimum,
    BigDecimal maximum,
    @com.fasterxml.jackson.annotation.JsonProperty("enum") List<String> allowed,
    String doc) {

  /** JSON value types an input field can have. */
  public enum FieldType {
    string,
    integer,
    number,
    @com.fasterxml.jackson.annotation.JsonProperty("boolean")
    bool
  }
}
