package dev.iceflow.local.provision;

import java.util.Map;

/** What provisioning created, by logical name: what services and tests are configured with. */
public record Provisioned(
    ResourceNames names,
    String kmsKeyArn,
    Map<String, String> topicArns,
    Map<String, String> queueUrls,
    Map<String, String> queueArns,
    Map<String, String> buckets) {

  public String topicArn(String logical) {
    return require(topicArns, "topic", logical);
  }

  public String queueUrl(String logical) {
    return require(queueUrls, "queue", logical);
  }

  public String queueArn(String logical) {
    return require(queueArns, "queue", logical);
  }

  public String bucket(String logical) {
    return require(buckets, "bucket", logical);
  }

  private static String require(Map<String, String> map, String kind, String logical) {
    String value = map.get(logical);
    if (value == null) {
      throw new IllegalArgumentException(
          "no %s '%s' was provisioned (have %s)".formatted(kind, logical, map.keySet()));
    }
    return value;
  }
}
