package dev.iceflow.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration every service shares, under the {@code iceflow.} prefix: where AWS is, and the
 * physical names of the topology's logical topics, buckets and queues in this deployment.
 */
@ConfigMapping(prefix = "iceflow")
public interface IceflowConfig {

  /** AWS connection settings. */
  Aws aws();

  /** The Iceberg catalog the table stages use. */
  Catalog catalog();

  /** Logical topic name (topology.json) → topic ARN. */
  Map<String, String> topics();

  /** Logical bucket name (topology.json) → bucket name. */
  Map<String, String> buckets();

  /** Logical ledger name (topology.json → ledgers) → DynamoDB table name. */
  Map<String, String> ledgers();

  /** Logical queue name (topology.json) → queue URL, for the queues a service sends to itself. */
  Map<String, String> queues();

  /**
   * Logical function name (topology.json) → deployed function name (iceflow.functions.&lt;name&gt;,
   * ICEFLOW_FUNCTIONS_&lt;NAME&gt;), for the functions a service controls. Read entry by entry with
   * Config.getOptionalValue: a map filled from environment variables alone stays empty.
   */
  Map<String, String> functions();

  /**
   * Fault points a test can hold the function at, or crash it at, and injected commit outcomes (see
   * FaultPoints); off unless configured. Terraform never sets these.
   */
  Faults faults();

  /**
   * Where a test holds or crashes the packaged function, and how often a table commit ends in an
   * unknown state: off unless {@code holdAt}, {@code crashAt} or {@code commitUnknownRate} say so.
   */
  interface Faults {

    /** The fault point to hold at (e.g. compaction.before-group-commit); absent: never hold. */
    Optional<String> holdAt();

    /** Bucket of the held and release markers. */
    Optional<String> bucket();

    /** Key prefix of the markers, so each test round has its own. */
    @WithDefault("faults/")
    String prefix();

    /** Longest hold before the function goes on anyway. */
    @WithDefault("PT5M")
    Duration maxHold();

    /**
     * The fault points where the process halts on the spot, as a Lambda sandbox that dies there
     * (ICEFLOW_FAULTS_CRASH_AT, comma-separated, e.g. commit.after-table-commit); absent: never.
     */
    Optional<List<String>> crashAt();

    /**
     * The share of arrivals at an armed point that crash, drawn from {@link #seed()}: 1 crashes
     * every arrival (a message then never gets past the point and ends in the DLQ); below 1 every
     * message eventually gets through.
     */
    @WithDefault("1")
    double crashRate();

    /**
     * The share of table commits that end in CommitStateUnknownException (half of them after the
     * catalog applied the commit, half before), drawn from {@link #seed()}; 0: none.
     */
    @WithDefault("0")
    double commitUnknownRate();

    /** Seed of every fault draw, so a run's faults are reproduced by re-running its seed. */
    @WithDefault("0")
    long seed();

    /**
     * Which process this is among those started for the function (the local platform sets
     * ICEFLOW_FAULTS_INCARNATION to function#slot/start), mixed into the draws: a process restarted
     * after a crash draws afresh instead of crashing at the same arrival again.
     */
    Optional<String> incarnation();
  }

  /**
   * The Iceberg REST catalog the table stages use: AWS Glue's Iceberg REST endpoint in AWS, the
   * local platform's REST catalog server against an emulator.
   */
  interface Catalog {

    /**
     * The REST catalog's endpoint (ICEFLOW_CATALOG_URI); absent: AWS Glue's Iceberg REST endpoint
     * in {@code iceflow.aws.region}, https://glue.&lt;region&gt;.amazonaws.com/iceberg.
     */
    Optional<URI> uri();

    /**
     * The catalog the endpoint serves (ICEFLOW_CATALOG_WAREHOUSE): for Glue the Data Catalog's id,
     * the account id; absent: the caller's account's catalog.
     */
    Optional<String> warehouse();
  }

  /** Where AWS is: the region, and an endpoint override for an emulator. */
  interface Aws {

    /** AWS region. */
    @WithDefault("us-east-1")
    String region();

    /** Endpoint of an AWS emulator (moto, LocalStack); absent in AWS. */
    Optional<URI> endpointOverride();

    /**
     * Endpoint of the Lambda control plane when it is not {@link #endpointOverride()}: the local
     * platform answers the event source mapping calls itself
     * (ICEFLOW_AWS_LAMBDA_ENDPOINT_OVERRIDE).
     */
    Optional<URI> lambdaEndpointOverride();

    /**
     * Endpoint of CloudWatch when it is not {@link #endpointOverride()}: locally a bridge that
     * serves the SDK's protocol in front of moto (ICEFLOW_AWS_CLOUDWATCH_ENDPOINT_OVERRIDE).
     */
    Optional<URI> cloudwatchEndpointOverride();

    /**
     * The access key this function signs emulator calls with: the local platform gives each
     * function an IAM user of its own, carrying its generated policy
     * (ICEFLOW_AWS_EMULATOR_ACCESS_KEY_ID); the emulator's operator key when absent. Never used in
     * AWS.
     */
    Optional<String> emulatorAccessKeyId();

    /** Secret of {@link #emulatorAccessKeyId()}. */
    Optional<String> emulatorSecretAccessKey();

    /** Path-style S3 addressing, which emulators need; virtual-hosted style in AWS. */
    @WithDefault("false")
    boolean pathStyleAccess();
  }
}
