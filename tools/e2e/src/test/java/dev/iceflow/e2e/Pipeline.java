package dev.iceflow.e2e;

import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.local.emulator.LocalAws;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sns.SnsClient;

/** How end-to-end tests publish to the pipeline and name the queues its functions consume. */
final class Pipeline {

  private Pipeline() {}

  /** Publishes envelopes to the deployment's topics, checked against the contracts. */
  static EventPublisher publisher(LocalAws aws, SnsClient sns) {
    return new EventPublisher(
        sns,
        new EnvelopeCodec(aws.contracts().messages()),
        new TopicDirectory(aws.provisioned().topicArns()));
  }

  /** The URLs of the queues {@code functions} consume, in the order given. */
  static List<String> queuesOf(LocalAws aws, String... functions) {
    return Stream.of(functions)
        .map(f -> aws.contracts().topology().function(f).orElseThrow().consumes().queue())
        .map(aws.provisioned()::queueUrl)
        .toList();
  }
}
