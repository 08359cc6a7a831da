package dev.iceflow.common.cdi;

import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.metrics.StdoutMetricLines;
import dev.iceflow.common.quarantine.QuarantineSink;
import dev.iceflow.common.reference.ReferencePins;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.common.tracing.TracingSettings;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.Buckets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The shared pieces every Quarkus service injects, built once per container from the packaged
 * contracts, the typed configuration and the SDK clients the quarkus-amazon extensions provide.
 */
@ApplicationScoped
public class CommonProducers {

  @Produces
  @Singleton
  Contracts contracts() {
    return Contracts.packaged();
  }

  @Produces
  @Singleton
  EnvelopeCodec envelopeCodec(Contracts contracts) {
    return new EnvelopeCodec(contracts.messages());
  }

  @Produces
  @Singleton
  BucketDirectory buckets(IceflowConfig config) {
    return new BucketDirectory(config.buckets());
  }

  @Produces
  @Singleton
  EventPublisher eventPublisher(SnsClient sns, EnvelopeCodec codec, IceflowConfig config) {
    return new EventPublisher(sns, codec, new TopicDirectory(config.topics()));
  }

  @Produces
  @Singleton
  SqsBatchProcessor sqsBatchProcessor(SqsClient sqs, Tracing tracing) {
    return new SqsBatchProcessor(new DeadLetterParking(sqs), tracing);
  }

  /** The function's tracer, exporting where its environment says (TracingSettings). */
  @Produces
  @Singleton
  Tracing tracing() {
    return Tracing.of(TracingSettings.fromEnvironment(System.getenv()));
  }

  void closeTracing(@Disposes Tracing tracing) {
    tracing.close();
  }

  @Produces
  @Singleton
  QuarantineSink quarantineSink(S3Client s3, BucketDirectory buckets, EventPublisher publisher) {
    return new QuarantineSink(s3, buckets.name(Buckets.QUARANTINE), publisher);
  }

  @Produces
  @Singleton
  ReferenceTables referenceTables(S3Client s3, BucketDirectory buckets) {
    return new ReferenceTables(s3, buckets::name);
  }

  @Produces
  @Singleton
  ReferencePins referencePins(S3Client s3, BucketDirectory buckets, ReferenceTables tables) {
    return new ReferencePins(s3, buckets.name(Buckets.STAGING), tables);
  }

  /** The pipeline's own metrics, as EMF lines on stdout (Lambda ships them to CloudWatch). */
  @Produces
  @Singleton
  PipelineMetrics pipelineMetrics(Contracts contracts) {
    return new PipelineMetrics(
        contracts.topology().observability(), new StdoutMetricLines(), Clock.systemUTC());
  }
}
