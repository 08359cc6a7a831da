package dev.iceflow.local.platform;

import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.provision.ResourceNames;

/**
 * What a topology function is called on the local platform, as Terraform names it in AWS ({@code
 * <prefix>-<name>}, here iceflow-local-validation), and its ARN in moto's default account.
 */
public final class LocalFunctionNames {

  /** moto's default account: the one the embedded AWS puts every resource in. */
  static final String ACCOUNT = "123456789012";

  private static final String ARN_FUNCTION = ":function:";

  private LocalFunctionNames() {}

  /** iceflow-local-validation for validation. */
  public static String deployedName(String function) {
    return new ResourceNames(LocalAws.LOCAL_PREFIX).function(function);
  }

  /** arn:aws:lambda:us-east-1:123456789012:function:iceflow-local-validation. */
  public static String arn(String function) {
    return "arn:aws:lambda:"
        + LocalAws.REGION
        + ":"
        + ACCOUNT
        + ARN_FUNCTION
        + deployedName(function);
  }

  /**
   * Whether a FunctionName parameter names {@code function}: its deployed name, its ARN or partial
   * ARN (123456789012:function:iceflow-local-validation), as Lambda accepts, or, locally, its
   * topology name, the one {@link LocalPlatform#setEnabled} takes.
   */
  public static boolean identifies(String nameOrArn, String function) {
    String name = nameOrArn;
    int at = nameOrArn.lastIndexOf(ARN_FUNCTION);
    if (at >= 0) {
      String prefix = nameOrArn.substring(0, at);
      if (!(prefix.equals(ACCOUNT) || prefix.endsWith(":" + LocalAws.REGION + ":" + ACCOUNT))) {
        return false;
      }
      name = nameOrArn.substring(at + ARN_FUNCTION.length());
    }
    return name.equals(deployedName(function)) || name.equals(function);
  }
}
