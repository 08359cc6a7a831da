package dev.iceflow.local.cli;

import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.topology.Buckets;
import dev.iceflow.contracts.topology.Topics;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.demo.OpsHints;
import dev.iceflow.local.demo.QueryHints;
import dev.iceflow.local.demo.SamplePublish;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.LocalPlatform;
import dev.iceflow.local.platform.PlatformOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code iceflow-local --platform-only}: the pipeline on this machine with nothing published, for
 * someone to publish to it: the reference data uploaded, every built function consuming its queue
 * and the schedules' timers running, and what to type to publish, watch and query.
 */
final class PlatformOnly {

  /** Where the flights rules look the airports up (FlightsDemo uploads the same). */
  static final String AIRPORTS_KEY = "airports/airports.csv";

  private static final String DATASET = "flights";

  private final LocalAws aws;
  private final ProjectLayout layout;
  private final PrintStream out;

  PlatformOnly(LocalAws aws, ProjectLayout layout, PrintStream out) {
    this.aws = aws;
    this.layout = layout;
    this.out = out;
  }

  /** Starts the platform and returns it running; the caller closes it. */
  LocalPlatform start(Path data, PlatformOptions options) {
    uploadReferenceData(data);
    out.println("Starting the packaged functions and the schedules' timers ...");
    LocalPlatform platform = LocalPlatform.start(aws, layout, List.of(), options);
    printGuide(platform);
    return platform;
  }

  private void uploadReferenceData(Path data) {
    if (data == null) {
      out.println(
          "No reference data uploaded (no --data): flights whose airports are unknown are quarantined.");
      return;
    }
    String bucket = aws.provisioned().bucket(Buckets.REFERENCE);
    try (S3Client s3 = aws.clients().s3()) {
      s3.putObject(
          r -> r.bucket(bucket).key(AIRPORTS_KEY),
          RequestBody.fromFile(data.resolve("airports.csv")));
    }
    out.printf("Reference data: airports.csv -> s3://%s/%s%n", bucket, AIRPORTS_KEY);
  }

  private void printGuide(LocalPlatform platform) {
    DataContract flights = aws.contracts().requireDataset(DATASET);
    Instant now = Instant.now();
    out.printf(
        """

        The platform is up, nothing published. Functions consuming their queues: %s
          AWS endpoint      %s (region %s, access key test, secret test)
          Lambda endpoint   %s (event source mappings)
          ingest topic      %s
          events topic      %s
          buckets           raw %s, warehouse %s, quarantine %s, reference %s
          Iceberg catalog   %s (SQLite, catalog name iceflow)
          REST catalog      %s (the functions' view of it: Iceberg REST, SigV4 for glue)
          function logs     %s

        Publish two flights (an ingest.batch; the AWS CLI is in any venv with awscli):
          %s

        Watch them land, from a shell with the platform's environment (the runbooks' commands
        run unchanged there too):
          %s
          %s
          %s
          %s
          %s

        Read the table with PyIceberg:
        %s

        Ctrl-C stops everything.
        """,
        platform.coldStartsMillis().keySet(),
        aws.endpoint(),
        LocalAws.REGION,
        platform.lambdaEndpoint(),
        aws.provisioned().topicArn(Topics.INGEST),
        aws.provisioned().topicArn(Topics.EVENTS),
        aws.provisioned().bucket(Buckets.RAW),
        aws.provisioned().bucket(Buckets.WAREHOUSE),
        aws.provisioned().bucket(Buckets.QUARANTINE),
        aws.provisioned().bucket(Buckets.REFERENCE),
        aws.catalogJdbcUri(),
        aws.catalogRestUri(),
        aws.runDirectory().resolve("functions"),
        SamplePublish.awsCli(aws, flights, now),
        OpsHints.environment(aws, platform.lambdaEndpoint()),
        OpsHints.status(),
        OpsHints.tableHistory(),
        OpsHints.trace(SamplePublish.batchId(now)),
        OpsHints.compactNow(),
        QueryHints.everyRow(aws, flights.table()));
  }
}
