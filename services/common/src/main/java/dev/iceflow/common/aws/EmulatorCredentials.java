package dev.iceflow.common.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Keys a process signs emulator calls with. The emulator enforces IAM: the operator's well-known
 * key is an administrator, and the local platform gives each function process the keys of an IAM
 * user that carries exactly the function's generated policy. Never used against AWS, where the
 * default credential chain (the function's role) applies.
 */
public record EmulatorCredentials(String accessKeyId, String secretAccessKey) {

  /** The operator: the platform, tests, ops CLI and on-call's AWS CLI (test/test). */
  public static final EmulatorCredentials OPERATOR =
      new EmulatorCredentials(AwsSettings.EMULATOR_ACCESS_KEY, AwsSettings.EMULATOR_SECRET_KEY);

  public EmulatorCredentials {
    if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null) {
      throw new IllegalArgumentException("emulator credentials need an access key id and secret");
    }
  }

  public AwsBasicCredentials toSdk() {
    return AwsBasicCredentials.create(accessKeyId, secretAccessKey);
  }

  @Override
  public String toString() {
    return "EmulatorCredentials[" + accessKeyId + "]";
  }
}
