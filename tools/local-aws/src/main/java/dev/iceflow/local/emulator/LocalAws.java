package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.AwsClients;
import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.iam.FunctionPolicies;
import dev.iceflow.contracts.iam.PolicyDocument;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.provision.Provisioned;
import dev.iceflow.local.provision.Provisioner;
import dev.iceflow.local.provision.ResourceNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded AWS: a moto server from the project's virtualenv, provisioned from the repository's
 * contracts, which enforces IAM: each function gets an identity carrying exactly its generated
 * policy ({@link FunctionIdentities}). Or, with {@link #attach}, an emulator someone else runs
 * (LocalStack from docker-compose.yml), provisioned by the same code, where every function signs as
 * the operator. Beside it, the run's Iceberg catalog: a JdbcCatalog on a SQLite file, served to the
 * functions over Iceberg's REST catalog protocol ({@link IcebergRestServer}) as Glue's Iceberg REST
 * endpoint serves them in AWS.
 */
public final class LocalAws implements AutoCloseable {

  /** Region the emulator is provisioned in. */
  public static final String REGION = "us-east-1";

  /** Prefix of every local resource name. */
  public static final String LOCAL_PREFIX = "iceflow-local";

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final MotoServer server;
  private final Contracts contracts;
  private final AwsClients clients;
  private final Provisioned provisioned;
  private final Path runDirectory;
  private final CloudWatchBridge cloudWatchBridge;
  private final FunctionPolicies policies;
  private final FunctionIdentities identities;
  private final IcebergRestServer catalogServer;

  private LocalAws(
      MotoServer server,
      Contracts contracts,
      AwsClients clients,
      Provisioned provisioned,
      Path runDirectory) {
    this.server = server;
    this.contracts = contracts;
    this.clients = clients;
    this.provisioned = provisioned;
    this.runDirectory = runDirectory;
    this.policies = FunctionPolicies.of(contracts);
    this.identities = server == null ? null : createIdentities();
    this.cloudWatchBridge =
        CloudWatchBridge.start(clients.settings().endpointOverride().orElseThrow(), this::keysOf);
    this.catalogServer = IcebergRestServer.start(this::openCatalogAs, this::keysOf);
  }

  /** Installs (once) and starts moto server, then provisions the topology into it. */
  public static LocalAws start(ProjectLayout layout) {
    Path run = layout.runs().resolve(LocalDateTime.now().format(RUN_ID));
    MotoServer server =
        MotoServer.start(
            MotoVirtualenv.python(layout),
            layout.iamEnforcingMotoLauncher(),
            run.resolve("moto.log"));
    try {
      return provision(server, server.endpoint(), layout, run);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Provisions an emulator that is already running (e.g. LocalStack on port 4566). */
  public static LocalAws attach(ProjectLayout layout, URI endpoint) {
    return provision(
        null, endpoint, layout, layout.runs().resolve(LocalDateTime.now().format(RUN_ID)));
  }

  private static LocalAws provision(
      MotoServer server, URI endpoint, ProjectLayout layout, Path run) {
    Contracts contracts = Contracts.from(ContractSource.directory(layout.contracts()));
    AwsClients clients = new AwsClients(AwsSettings.emulator(REGION, endpoint));
    try (KmsClient kms = clients.configure(KmsClient.builder()).build();
        SqsClient sqs = clients.sqs();
        SnsClient sns = clients.sns();
        S3Client s3 = clients.s3();
        DynamoDbClient dynamo = clients.configure(DynamoDbClient.builder()).build()) {
      Provisioned provisioned =
          new Provisioner(
                  contracts.topology(),
                  new ResourceNames(LOCAL_PREFIX),
                  isTls(endpoint),
                  kms,
                  sqs,
                  sns,
                  s3,
                  dynamo)
              .provision();
      return new LocalAws(server, contracts, clients, provisioned, run);
    }
  }

  private FunctionIdentities createIdentities() {
    try (IamClient iam = iam()) {
      return FunctionIdentities.create(iam, policies, provisioned, accountId());
    }
  }

  private IamClient iam() {
    return clients.configure(IamClient.builder()).build();
  }

  /** The emulator's account, as its ARNs name it (arn:aws:sqs:region:account:queue). */
  private String accountId() {
    String anyQueue = provisioned.queueArns().values().iterator().next();
    return anyQueue.split(":")[4];
  }

  /**
   * The keys {@code function} signs its calls with: its own IAM user's on the embedded moto, the
   * operator's on an attached emulator (LocalStack enforces IAM only in its paid edition).
   */
  public EmulatorCredentials functionCredentials(String function) {
    return identities == null ? EmulatorCredentials.OPERATOR : identities.credentials(function);
  }

  /**
   * Gives {@code function} the policy {@code template} (a generated document with its placeholders)
   * instead of its own, from the next call it makes: tests show what a policy lets it do.
   */
  public void replaceFunctionPolicy(String function, PolicyDocument template) {
    if (identities == null) {
      throw new IllegalStateException("an attached emulator enforces no IAM");
    }
    try (IamClient iam = iam()) {
      identities.replacePolicy(
          contracts.topology().function(function).orElseThrow(), template, policies, iam);
    }
  }

  /** The keys behind {@code accessKeyId}: the operator's or a function's. */
  private Optional<EmulatorCredentials> keysOf(String accessKeyId) {
    if (EmulatorCredentials.OPERATOR.accessKeyId().equals(accessKeyId)) {
      return Optional.of(EmulatorCredentials.OPERATOR);
    }
    return identities == null ? Optional.empty() : identities.byAccessKeyId(accessKeyId);
  }

  /**
   * Lets {@code function} also do what {@code document} allows, as a policy of its own named {@code
   * name}: for test machinery only (a test's fault point writes its markers where the function's
   * own policy would refuse it). The function's generated policy is untouched.
   */
  public void allowForTests(String function, String name, PolicyDocument document) {
    if (identities == null) {
      return; // an attached emulator enforces no IAM: nothing to allow
    }
    try (IamClient iam = iam()) {
      identities.putPolicy(function, name, document, iam);
    }
  }

  /** Each function's generated policy (terraform/modules/lambda-service/policies). */
  public FunctionPolicies functionPolicies() {
    return policies;
  }

  private static boolean isTls(URI endpoint) {
    return "https".equalsIgnoreCase(endpoint.getScheme());
  }

  /**
   * The embedded moto's request log (one line per request, with its status); none when attached.
   */
  public Optional<Path> emulatorLog() {
    return Optional.ofNullable(server).map(MotoServer::log);
  }

  /** True for the moto server this class started; false for an attached emulator (LocalStack). */
  public boolean isEmbeddedMoto() {
    return server != null;
  }

  public URI endpoint() {
    return clients.settings().endpointOverride().orElseThrow();
  }

  public Contracts contracts() {
    return contracts;
  }

  /** Client factory pointed at the emulator. */
  public AwsClients clients() {
    return clients;
  }

  /**
   * Where CloudWatch clients point: the SDK's CBOR calls reach moto in the JSON protocol it serves
   * (see {@link CloudWatchBridge}).
   */
  public URI cloudWatchEndpoint() {
    return cloudWatchBridge.endpoint();
  }

  /** A CloudWatch client for the emulator, through {@link #cloudWatchEndpoint()}. */
  public CloudWatchClient cloudWatch() {
    return clients
        .configure(CloudWatchClient.builder())
        .endpointOverride(cloudWatchEndpoint())
        .build();
  }

  public Provisioned provisioned() {
    return provisioned;
  }

  /** JDBC URL of this run's local Iceberg catalog (a SQLite file in the run folder). */
  public String catalogJdbcUri() {
    return dev.iceflow.iceberg.CatalogProperties.sqliteUri(runDirectory.resolve("catalog.db"));
  }

  /**
   * Where the functions' REST catalog points (iceflow.catalog.uri): the run's catalog over
   * Iceberg's REST protocol.
   */
  public URI catalogRestUri() {
    return catalogServer.endpoint();
  }

  /**
   * The local Iceberg catalog itself, as tools read it (a JdbcCatalog of its own on the run's
   * SQLite file, beside the one the REST server serves), under the name the services use
   * (JdbcCatalog keys tables by it).
   */
  public org.apache.iceberg.catalog.Catalog openCatalog() {
    return openCatalogAs(EmulatorCredentials.OPERATOR);
  }

  /** The local Iceberg catalog, its files read and written with {@code caller}'s keys. */
  private org.apache.iceberg.catalog.Catalog openCatalogAs(EmulatorCredentials caller) {
    return dev.iceflow.iceberg.CatalogProperties.load(
        dev.iceflow.iceberg.CatalogFactory.CATALOG_NAME,
        dev.iceflow.iceberg.CatalogProperties.local(
            catalogJdbcUri(),
            provisioned.bucket("warehouse"),
            endpoint(),
            REGION,
            caller.accessKeyId(),
            caller.secretAccessKey()));
  }

  /** This run's folder: logs, the local catalog, anything a run leaves behind. */
  public Path runDirectory() {
    return runDirectory;
  }

  @Override
  public void close() {
    catalogServer.close();
    cloudWatchBridge.close();
    if (server != null) {
      server.close();
    }
  }
}
