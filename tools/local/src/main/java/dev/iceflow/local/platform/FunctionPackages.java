package dev.iceflow.local.platform;

import dev.iceflow.contracts.topology.FunctionSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which package a function runs: its JVM {@code target/function.zip} (Lambda's java25 runtime), or,
 * for the functions named in {@value #NATIVE_PROPERTY} (or {@value #NATIVE_ENV}), its native {@code
 * target/native/function.zip} (provided.al2023: a {@code bootstrap} executable), which {@code mvn
 * package -Pnative} builds (docs/native.md).
 */
public final class FunctionPackages {

  /** Comma-separated topology names of the functions to run native, e.g. {@code validation}. */
  public static final String NATIVE_PROPERTY = "iceflow.platform.native";

  public static final String NATIVE_ENV = "ICEFLOW_PLATFORM_NATIVE";

  static final String JVM_ZIP = "target/function.zip";
  static final String NATIVE_ZIP = "target/native/function.zip";

  private FunctionPackages() {}

  /** The function.zip the platform runs for {@code spec}, under the project's {@code root}. */
  public static Path zipOf(Path root, FunctionSpec spec) {
    return root.resolve(spec.module()).resolve(isNative(spec.name()) ? NATIVE_ZIP : JVM_ZIP);
  }

  /** The JVM package of {@code spec}, whatever the switch says (to compare the two). */
  public static Path jvmZipOf(Path root, FunctionSpec spec) {
    return root.resolve(spec.module()).resolve(JVM_ZIP);
  }

  /** The native package of {@code spec}, whatever the switch says. */
  public static Path nativeZipOf(Path root, FunctionSpec spec) {
    return root.resolve(spec.module()).resolve(NATIVE_ZIP);
  }

  /** Whether the switch names {@code function}. */
  public static boolean isNative(String function) {
    return nativeFunctions().contains(function);
  }

  private static Set<String> nativeFunctions() {
    String named = System.getProperty(NATIVE_PROPERTY, System.getenv(NATIVE_ENV));
    if (named == null || named.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(named.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
