package dev.iceflow.contracts.dataset;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A MAJOR.MINOR contract version; minors within a major are backward compatible. */
public record ContractVersion(int major, int minor) implements Comparable<ContractVersion> {

  private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]*)\\.(0|[1-9][0-9]*)");

  public static ContractVersion parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "contract version '%s' is not MAJOR.MINOR (e.g. 1.0)".formatted(text));
    }
    return new ContractVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** True when a reader of this version can read data written at {@code other}. */
  public boolean canRead(ContractVersion other) {
    return major == other.major && minor >= other.minor;
  }

  @Override
  public int compareTo(ContractVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
