package dev.iceflow.local.faults;

/**
 * A service whose calls a {@link FaultRule} may fail or slow, known by the signing name in a call's
 * SigV4 credential scope ({@code <key>/<date>/<region>/<signing name>/aws4_request}).
 */
public enum FaultService {
  S3("s3"),
  SNS("sns");

  private final String signingName;

  FaultService(String signingName) {
    this.signingName = signingName;
  }

  /** The service's name in a SigV4 credential scope. */
  public String signingName() {
    return signingName;
  }
}
