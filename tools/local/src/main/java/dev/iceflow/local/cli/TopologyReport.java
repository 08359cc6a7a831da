package dev.iceflow.local.cli;

import dev.iceflow.contracts.topology.BucketSpec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.contracts.topology.SubscriptionSpec;
import dev.iceflow.contracts.topology.Topology;
import dev.iceflow.local.provision.Provisioned;
import java.io.PrintStream;

/** Prints what was provisioned, logical name beside physical name, for a person to read. */
final class TopologyReport {

  private TopologyReport() {}

  static void print(Topology topology, Provisioned provisioned, PrintStream out) {
    out.println("KMS key   " + provisioned.kmsKeyArn());
    out.println();
    out.println("Topics");
    topology
        .topics()
        .forEach(t -> out.printf("  %-14s %s%n", t.name(), provisioned.topicArn(t.name())));
    out.println();
    out.println("Queues (visibility s / retention d / DLQ after n receives)");
    for (QueueSpec q : topology.queues()) {
      String dlq =
          q.deadLetterQueue()
              .map(d -> "-> %s after %d".formatted(d.name(), d.maxReceiveCount()))
              .orElse("(no DLQ: parking queue)");
      out.printf(
          "  %-18s %4d / %2d  %s%n",
          q.name(), q.visibilityTimeoutSeconds(), q.messageRetentionSeconds() / 86_400, dlq);
    }
    out.println();
    out.println("Subscriptions (topic -> queue, filter policy on, undeliverable -> DLQ)");
    for (SubscriptionSpec s : topology.subscriptions()) {
      out.printf(
          "  %-13s -> %-18s %s%s  undeliverable -> %s%n",
          s.topic(),
          s.queue(),
          s.isFiltered()
              ? s.filterPolicyScope() + " " + s.filterPolicy()
              : "(no filter policy: every message)",
          s.rawMessageDelivery() ? "  raw" : "",
          s.deliveryDeadLetterQueue().map(d -> d.name()).orElse("(dropped)"));
    }
    out.println();
    out.println("Buckets");
    for (BucketSpec b : topology.buckets()) {
      String notify =
          b.notifications().isEmpty()
              ? ""
              : "  notifies "
                  + b.notifications().get(0).queue()
                  + " on "
                  + b.notifications().get(0).prefix();
      out.printf("  %-11s %s%s%n", b.name(), provisioned.bucket(b.name()), notify);
    }
    out.println();
    out.println("Functions (memory MB, timeout s <- queue, batch size, max concurrency)");
    for (FunctionSpec f : topology.functions()) {
      out.printf(
          "  %-11s %5d %4d  <- %-18s %3d %3d%n",
          f.name(),
          f.memoryMb(),
          f.timeoutSeconds(),
          f.consumes().queue(),
          f.consumes().batchSize(),
          f.consumes().maximumConcurrency());
    }
  }
}
