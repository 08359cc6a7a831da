package dev.iceflow.contracts.message.payload;

/** An S3 object's place ({@code $defs/s3Object}). */
public record S3Location(String bucket, String key) {

  @Override
  public String toString() {
    return "s3://%s/%s".formatted(bucket, key);
  }
}
