package dev.iceflow.cost;

import dev.iceflow.contracts.prices.PriceIds;
import java.util.Locale;

/**
 * The CPU the functions run on, which sets the GB-second price (Terraform's runtime.architecture).
 */
public enum LambdaArchitecture {
  X86_64(PriceIds.LAMBDA_COMPUTE_X86),
  ARM64(PriceIds.LAMBDA_COMPUTE_ARM64);

  private final String computePriceId;

  LambdaArchitecture(String computePriceId) {
    this.computePriceId = computePriceId;
  }

  public String computePriceId() {
    return computePriceId;
  }

  /**
   * The architecture this JVM runs on: every function of a deployment is built for the same one, so
   * cost-guard's own is theirs.
   */
  public static LambdaArchitecture current() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") || arch.equals("arm64") ? ARM64 : X86_64;
  }
}
