package dev.iceflow.local.provision;

import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.TopicSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/** SNS topics and their SQS subscriptions with filter policies and raw delivery. */
final class TopicProvisioning {

  private static final String SQS_PROTOCOL = "sqs";

  /**
   * What removes a subscription's filter policy: <a
   * href="https://docs.aws.amazon.com/sns/latest/dg/message-filtering-apply.html">applying a
   * subscription filter policy</a>.
   */
  private static final String NO_FILTER_POLICY = "{}";

  private final SnsClient sns;

  TopicProvisioning(SnsClient sns) {
    this.sns = sns;
  }

  String ensureTopic(String name, TopicSpec topic, String kmsKeyArn) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("KmsMasterKeyId", kmsKeyArn);
    if (topic.fifo()) {
      attributes.put("FifoTopic", "true");
      attributes.put(
          "ContentBasedDeduplication",
          String.valueOf(Boolean.TRUE.equals(topic.contentBasedDeduplication())));
    }
    return sns.createTopic(r -> r.name(name).attributes(attributes)).topicArn();
  }

  /**
   * Subscribes the queue, or brings an existing subscription to the spec: raw delivery, filter
   * policy scope before the policy (the policy is read in its scope), no filter policy where the
   * spec has none, and the dead-letter queue for deliveries SNS gives up on (RedrivePolicy).
   */
  void ensureSubscription(
      String topicArn, String queueArn, SubscriptionSpec spec, String deadLetterArn) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("RawMessageDelivery", Boolean.toString(spec.rawMessageDelivery()));
    if (spec.isFiltered()) {
      attributes.put("FilterPolicyScope", spec.filterPolicyScope());
      attributes.put("FilterPolicy", spec.filterPolicy().toString());
    }
    if (deadLetterArn != null) {
      attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"%s\"}".formatted(deadLetterArn));
    }
    for (Subscription existing :
        sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions()) {
      if (existing.endpoint().equals(queueArn)) {
        if (!spec.isFiltered() && hasFilterPolicy(existing)) {
          attributes.put("FilterPolicy", NO_FILTER_POLICY);
        }
        attributes.forEach(
            (name, value) ->
                sns.setSubscriptionAttributes(
                    r ->
                        r.subscriptionArn(existing.subscriptionArn())
                            .attributeName(name)
                            .attributeValue(value)));
        return;
      }
    }
    sns.subscribe(
        r ->
            r.topicArn(topicArn)
                .protocol(SQS_PROTOCOL)
                .endpoint(queueArn)
                .attributes(attributes)
                .returnSubscriptionArn(true));
  }

  /**
   * Unsubscribes the topic's subscriptions to queues of this deployment ({@code ownQueueArns}) that
   * the topology no longer has ({@code wantedQueueArns}): an emulator provisioned from an older
   * topology would otherwise keep delivering to them. Subscriptions to anything else are left.
   */
  void removeSubscriptionsOutside(
      String topicArn, Set<String> wantedQueueArns, Collection<String> ownQueueArns) {
    for (Subscription existing :
        sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions()) {
      if (SQS_PROTOCOL.equals(existing.protocol())
          && ownQueueArns.contains(existing.endpoint())
          && !wantedQueueArns.contains(existing.endpoint())) {
        sns.unsubscribe(r -> r.subscriptionArn(existing.subscriptionArn()));
      }
    }
  }

  private boolean hasFilterPolicy(Subscription subscription) {
    String policy =
        sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscription.subscriptionArn()))
            .attributes()
            .get("FilterPolicy");
    return policy != null && !policy.isBlank() && !NO_FILTER_POLICY.equals(policy);
  }
}
