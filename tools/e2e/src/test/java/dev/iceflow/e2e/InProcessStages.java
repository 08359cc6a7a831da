package dev.iceflow.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.commit.CommitAnnouncer;
import dev.iceflow.commit.CommitBatchProcessor;
import dev.iceflow.commit.CommitConfig;
import dev.iceflow.commit.CommitService;
import dev.iceflow.commit.StagedBatchReader;
import dev.iceflow.common.cdi.BucketDirectory;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.faults.FaultPoints;
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
import dev.iceflow.enrichment.BatchEnricher;
import dev.iceflow.enrichment.EnrichmentConfig;
import dev.iceflow.enrichment.EnrichmentService;
import dev.iceflow.enrichment.StagedFilesAnnouncer;
import dev.iceflow.enrichment.StagedRecordReader;
import dev.iceflow.iceberg.TableCatalog;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.validation.ValidationService;
import dev.iceflow.validation.output.UnroutedMessages;
import dev.iceflow.validation.output.ValidationOutputs;
import dev.iceflow.validation.rules.BatchClassifiers;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * validation, enrichment and commit wired in the test's JVM as their Lambdas wire them, each fed
 * from its queue by a {@link QueueDriver} until every queue is quiet.
 */
final class InProcessStages {

  /** Spans with ids (so messages carry real trace context), exported nowhere. */
  private static final Tracing TRACING =
      Tracing.of(TracingSettings.exportingNothing("stages-end-to-end"));

  private final LocalAws aws;
  private final SqsClient sqs;
  private final EventPublisher publisher;
  private final List<QueueDriver> stages;
  private final org.apache.iceberg.catalog.Catalog catalog;

  InProcessStages(LocalAws aws, S3Client s3, SqsClient sqs, SnsClient sns) {
    this.aws = aws;
    this.sqs = sqs;
    Fixtures.uploadAirports(aws);

    Map<String, String> properties = new HashMap<>(ServiceConfig.of(aws));
    properties.putAll(
        Map.of(
            "iceflow.commit.max-attempts",
            "6",
            "iceflow.commit.initial-backoff-ms",
            "50",
            "iceflow.commit.max-backoff-ms",
            "1000",
            "iceflow.commit.lookback-snapshots",
            "200"));
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IceflowConfig.class)
            .withMapping(CommitConfig.class)
            .withMapping(EnrichmentConfig.class)
            .withSources(new PropertiesConfigSource(properties, "local-aws", 100))
            .build();
    IceflowConfig iceflow = config.getConfigMapping(IceflowConfig.class);

    Contracts contracts = Contracts.packaged();
    EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());
    PipelineMetrics metrics =
        new PipelineMetrics(
            contracts.topology().observability(), new StdoutMetricLines(), Clock.systemUTC());
    BucketDirectory buckets = new BucketDirectory(iceflow.buckets());
    publisher = new EventPublisher(sns, codec, new TopicDirectory(iceflow.topics()));
    ReferenceTables references = new ReferenceTables(s3, buckets::name);

    QuarantineSink quarantine = new QuarantineSink(s3, buckets.name(Buckets.QUARANTINE), publisher);
    TableCatalog tables = new TableCatalog(iceflow);

    ValidationService validation =
        new ValidationService(
            contracts,
            codec,
            s3,
            new BatchClassifiers(
                references, new ReferencePins(s3, buckets.name(Buckets.STAGING), references)),
            new ValidationOutputs(codec, publisher, quarantine, buckets, s3),
            new UnroutedMessages(sqs, iceflow),
            metrics,
            TRACING);
    SqsBatchProcessor batches = new SqsBatchProcessor(new DeadLetterParking(sqs), TRACING);
    EnrichmentService enrichment =
        new EnrichmentService(
            contracts,
            codec,
            quarantine,
            tables,
            config.getConfigMapping(EnrichmentConfig.class),
            new StagedRecordReader(s3),
            new BatchEnricher(references),
            new StagedFilesAnnouncer(
                codec, publisher, s3, buckets, config.getConfigMapping(EnrichmentConfig.class)),
            metrics,
            TRACING);
    CommitService commitService =
        new CommitService(
            contracts,
            config.getConfigMapping(CommitConfig.class),
            iceflow,
            tables,
            aws.clients().configure(DynamoDbClient.builder()).build(),
            new CommitAnnouncer(codec, publisher),
            new FaultPoints(iceflow, s3),
            metrics);
    CommitBatchProcessor commit =
        new CommitBatchProcessor(new StagedBatchReader(codec, s3), commitService, batches, TRACING);
    catalog = tables.catalog();

    var topology = contracts.topology();
    stages =
        List.of(
            driver(
                "validation-ingest",
                topology.function("validation").orElseThrow().consumes().batchSize(),
                e -> batches.process(e, validation::handle)),
            driver(
                "enrichment",
                topology.function("enrichment").orElseThrow().consumes().batchSize(),
                e -> batches.process(e, m -> enrichment.handle(m, UUID.randomUUID().toString()))),
            driver(
                "commit",
                topology.function("commit").orElseThrow().consumes().batchSize(),
                commit::process));
  }

  EventPublisher publisher() {
    return publisher;
  }

  org.apache.iceberg.catalog.Catalog catalog() {
    return catalog;
  }

  /** Delivers until three rounds in a row find every stage's queue empty. */
  void runUntilQuiet() {
    int quietRounds = 0;
    while (quietRounds < 3) {
      int delivered = 0;
      for (QueueDriver stage : stages) {
        delivered += stage.deliverOnce();
      }
      quietRounds = delivered == 0 ? quietRounds + 1 : 0;
    }
  }

  private QueueDriver driver(
      String queue, int batchSize, Function<SQSEvent, SQSBatchResponse> stage) {
    return new QueueDriver(
        sqs,
        aws.provisioned().queueUrl(queue),
        aws.provisioned().queueArn(queue),
        batchSize,
        stage);
  }
}
