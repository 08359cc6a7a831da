package dev.iceflow.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.iceflow.commit.CommitAnnouncer;
import dev.iceflow.commit.CommitBatchProcessor;
import dev.iceflow.commit.CommitConfig;
import dev.iceflow.commit.CommitService;
import dev.iceflow.commit.StagedBatchReader;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.faults.FaultPoints;
import dev.iceflow.common.lambda.DeadLetterParking;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.messaging.TopicDirectory;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.common.tracing.TracingSettings;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.iceberg.TableCatalog;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.emulator.ServiceConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The commit function's batch processor, wired as its CDI container wires it (CommonProducers and
 * the commit module's beans), against the embedded AWS with the configuration a function gets there
 * (ServiceConfig), in this JVM: one instance is one warm container. Its EMF lines are dropped (the
 * benchmark times the commit itself) and it exports no spans.
 */
final class CommitStage implements AutoCloseable {

  private static final int CONFIG_ORDINAL = 500;

  private final S3Client s3;
  private final SnsClient sns;
  private final SqsClient sqs;
  private final DynamoDbClient dynamo;
  private final Tracing tracing;
  private final CommitBatchProcessor processor;

  CommitStage(LocalAws aws) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(
                new PropertiesConfigSource(ServiceConfig.of(aws), "commit-bench", CONFIG_ORDINAL))
            .withMapping(IceflowConfig.class)
            .withMapping(CommitConfig.class)
            .build();
    IceflowConfig iceflow = config.getConfigMapping(IceflowConfig.class);
    Contracts contracts = Contracts.packaged();
    EnvelopeCodec codec = new EnvelopeCodec(contracts.messages());
    this.s3 = aws.clients().s3();
    this.sns = aws.clients().sns();
    this.sqs = aws.clients().sqs();
    this.dynamo = aws.clients().configure(DynamoDbClient.builder()).build();
    this.tracing = Tracing.of(TracingSettings.exportingNothing("commit"));
    CommitService service =
        new CommitService(
            contracts,
            config.getConfigMapping(CommitConfig.class),
            iceflow,
            new TableCatalog(iceflow),
            dynamo,
            new CommitAnnouncer(
                codec, new EventPublisher(sns, codec, new TopicDirectory(iceflow.topics()))),
            new FaultPoints(iceflow, s3),
            new PipelineMetrics(
                contracts.topology().observability(), line -> {}, Clock.systemUTC()));
    this.processor =
        new CommitBatchProcessor(
            new StagedBatchReader(codec, s3),
            service,
            new SqsBatchProcessor(new DeadLetterParking(sqs), tracing),
            tracing);
  }

  /** One invocation's work: what CommitHandler does with a FIFO batch. */
  SQSBatchResponse process(SQSEvent event) {
    return processor.process(event);
  }

  @Override
  public void close() {
    tracing.close();
    dynamo.close();
    sqs.close();
    sns.close();
    s3.close();
  }
}
