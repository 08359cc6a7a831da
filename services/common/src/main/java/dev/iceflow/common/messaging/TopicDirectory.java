package dev.iceflow.common.messaging;

import java.util.Map;

/** Resolves the topology's logical topic names to the ARNs of one deployment. */
public final class TopicDirectory {

  private static final String FIFO_SUFFIX = ".fifo";

  private final Map<String, String> arnsByName;

  public TopicDirectory(Map<String, String> arnsByName) {
    this.arnsByName = Map.copyOf(arnsByName);
  }

  public String arn(String topic) {
    String arn = arnsByName.get(topic);
    if (arn == null) {
      throw new IllegalArgumentException(
          "no ARN configured for topic '%s' (known: %s)".formatted(topic, arnsByName.keySet()));
    }
    return arn;
  }

  static boolean isFifo(String arn) {
    return arn.endsWith(FIFO_SUFFIX);
  }
}
