package dev.iceflow.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.common.aws.AwsClients;
import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.iceberg.CatalogProperties;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InternalErrorException;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * The fault proxy fails or slows the S3 and SNS calls a rule names, in a sequence its seed decides,
 * and forwards every other call, bodies included, as it came. The caller is an IAM user of its own,
 * as each function is; the SDK clients retry nothing, so each call is one request and each injected
 * error reaches the test.
 */
@WithLocalAws
class FaultProxyIntegrationTest {

  private static final String ANY_S3_OR_SNS =
      """
      {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sns:*"], "Resource": "*"}]}
      """;

  /** Many times the SDK's aws-chunked chunk (128 KiB), and more than S3's 5 MiB part floor. */
  private static final int BIG_BODY_BYTES = 6 * 1024 * 1024;

  private static final int CALLS = 40;

  private static final int OK = 200;

  private LocalAws aws;
  private FaultProxy proxy;
  private EmulatorCredentials caller;
  private String bucket;
  private String topicArn;

  @BeforeEach
  void openProxyAndCaller(LocalAws aws) {
    this.aws = aws;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    caller = createUser("fault-proxy-caller-" + suffix);
    bucket = "fault-proxy-" + suffix;
    try (S3Client s3 = aws.clients().s3();
        SnsClient sns = aws.clients().sns()) {
      s3.createBucket(b -> b.bucket(bucket));
      topicArn = sns.createTopic(t -> t.name("fault-proxy-" + suffix)).topicArn();
    }
    proxy = FaultProxy.start(aws);
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  @Test
  void everyCallOfAFullyFailingRule_getsTheStatusAndCodeOfItsService() {
    try (S3Client s3 = s3(caller, proxy.endpoint());
        SnsClient sns = sns(caller, proxy.endpoint())) {
      proxy.inject(
          FaultRule.builder("all-500", 1).signedBy(caller).failing(1).internalErrors(1).build());
      assertThatThrownBy(() -> put(s3, "refused-500", "x".getBytes()))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertError(e, 500, "InternalError"));
      assertThatThrownBy(() -> sns.publish(p -> p.topicArn(topicArn).message("m")))
          .isInstanceOfSatisfying(
              InternalErrorException.class, e -> assertError(e, 500, "InternalError"));
      assertThat(proxy.counts("all-500")).isEqualTo(new FaultCounts(2, 2, 0, 0));

      proxy.clear("all-500");
      proxy.inject(
          FaultRule.builder("all-503", 1).signedBy(caller).failing(1).internalErrors(0).build());
      assertThatThrownBy(() -> put(s3, "refused-503", new byte[BIG_BODY_BYTES]))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertError(e, 503, "SlowDown"));
      assertThatThrownBy(() -> sns.publish(p -> p.topicArn(topicArn).message("m")))
          .isInstanceOfSatisfying(
              SnsException.class, e -> assertError(e, 503, "ServiceUnavailable"));
      assertThat(proxy.counts("all-503")).isEqualTo(new FaultCounts(2, 0, 2, 0));
    }
    // a failed call never reached the emulator
    try (S3Client operator = aws.clients().s3()) {
      for (String key : List.of("refused-500", "refused-503")) {
        assertThatThrownBy(() -> operator.headObject(h -> h.bucket(bucket).key(key)))
            .isInstanceOfSatisfying(
                S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
      }
    }
  }

  @Test
  void theSameSeed_failsTheSameCallsOfTheSequence() {
    try (S3Client s3 = s3(caller, proxy.endpoint());
        SnsClient sns = sns(caller, proxy.endpoint())) {
      FaultRule rule = FaultRule.builder("seeded", 42).signedBy(caller).failing(0.3).build();

      proxy.inject(rule);
      List<Integer> first = statuses(s3, sns);
      FaultCounts firstCounts = proxy.counts("seeded");
      proxy.inject(rule); // the same rule again: its sequence starts over
      List<Integer> again = statuses(s3, sns);
      proxy.inject(FaultRule.builder("seeded", 43).signedBy(caller).failing(0.3).build());
      List<Integer> otherSeed = statuses(s3, sns);

      long failed = first.stream().filter(status -> status != OK).count();
      assertThat(failed).isBetween(1L, CALLS - 1L);
      assertThat(firstCounts.seen()).isEqualTo(CALLS);
      assertThat(firstCounts.failed()).isEqualTo(failed);
      assertThat(proxy.counts("seeded").seen()).isEqualTo(CALLS);
      assertThat(again).isEqualTo(first);
      assertThat(otherSeed).isNotEqualTo(first);
    }
  }

  @Test
  void callsNoRuleNames_passUntouched_theOperatorsAndOtherServices() {
    proxy.inject(
        FaultRule.builder("caller-s3", 7)
            .signedBy(caller)
            .services(FaultService.S3)
            .failing(1)
            .build());
    try (S3Client operatorS3 = s3(EmulatorCredentials.OPERATOR, proxy.endpoint());
        SnsClient operatorSns = sns(EmulatorCredentials.OPERATOR, proxy.endpoint());
        SnsClient callerSns = sns(caller, proxy.endpoint())) {
      for (int i = 0; i < 10; i++) {
        int n = i;
        assertThatCode(() -> put(operatorS3, "operator-" + n, "o".getBytes()))
            .doesNotThrowAnyException();
        assertThatCode(() -> operatorSns.publish(p -> p.topicArn(topicArn).message("o")))
            .doesNotThrowAnyException();
        assertThatCode(() -> callerSns.publish(p -> p.topicArn(topicArn).message("c")))
            .doesNotThrowAnyException();
      }
    }
    assertThat(proxy.counts("caller-s3")).isEqualTo(new FaultCounts(0, 0, 0, 0));
  }

  @Test
  void bodiesPassIntact_bigAndStreamedOfUnknownLength() throws Exception {
    // a rule that injects nothing but counts the calls proves they went through the proxy
    proxy.inject(FaultRule.builder("count-only", 1).signedBy(caller).build());
    byte[] big = new byte[BIG_BODY_BYTES];
    new Random(16).nextBytes(big);
    byte[] streamed = new byte[BIG_BODY_BYTES + 12345];
    new Random(17).nextBytes(streamed);
    try (S3Client s3 = s3(caller, proxy.endpoint())) {
      put(s3, "big", big);
      s3.putObject(
          p -> p.bucket(bucket).key("streamed"),
          RequestBody.fromContentProvider(
              ContentStreamProvider.fromInputStreamSupplier(
                  () -> new ByteArrayInputStream(streamed)),
              "application/octet-stream"));
      put(s3, "empty", new byte[0]);

      assertThat(get(s3, "big")).isEqualTo(big);
      assertThat(get(s3, "streamed")).isEqualTo(streamed);
      assertThat(get(s3, "empty")).isEmpty();
    }
    // and what the emulator stored is what was sent
    try (S3Client operator = aws.clients().s3()) {
      assertThat(get(operator, "big")).isEqualTo(big);
      assertThat(get(operator, "streamed")).isEqualTo(streamed);
    }
    assertThat(proxy.counts("count-only")).isEqualTo(new FaultCounts(6, 0, 0, 0));
  }

  @Test
  void aChunkedUpload_passesIntact_andIsFaultedLikeAnyOther() throws Exception {
    // the SDK's own clients send a Content-Length; a plain HTTP client sends this upload in
    // Transfer-Encoding: chunked, signed by the caller as the SDK would
    byte[] body = new byte[BIG_BODY_BYTES];
    new Random(18).nextBytes(body);
    proxy.inject(FaultRule.builder("chunked", 9).signedBy(caller).build());

    assertThat(chunkedPut("chunked", body)).isEqualTo(200);
    try (S3Client operator = aws.clients().s3()) {
      assertThat(get(operator, "chunked")).isEqualTo(body);
    }
    assertThat(proxy.counts("chunked").seen()).isEqualTo(1);

    proxy.inject(
        FaultRule.builder("chunked", 9).signedBy(caller).failing(1).internalErrors(0).build());
    assertThat(chunkedPut("chunked-refused", body)).isEqualTo(503);
    assertThat(proxy.counts("chunked")).isEqualTo(new FaultCounts(1, 0, 1, 0));
  }

  @Test
  void aSlowRule_answersLate_afterTheEmulatorTookTheCall() throws Exception {
    proxy.inject(
        FaultRule.builder("slow", 3).signedBy(caller).slow(1, Duration.ofMillis(300)).build());
    try (S3Client s3 = s3(caller, proxy.endpoint());
        SnsClient sns = sns(caller, proxy.endpoint())) {
      put(s3, "slow", "late".getBytes());
      sns.publish(p -> p.topicArn(topicArn).message("late"));
    }
    assertThat(proxy.counts("slow")).isEqualTo(new FaultCounts(2, 0, 0, 2));
    try (S3Client operator = aws.clients().s3()) {
      assertThat(get(operator, "slow")).isEqualTo("late".getBytes());
    }
    assertThat(Files.readAllLines(proxy.log()))
        .anySatisfy(line -> assertThat(line).contains("rule=slow service=s3 method=PUT"))
        .anySatisfy(line -> assertThat(line).contains("rule=slow service=sns method=POST"));
  }

  @Test
  void theSdksDefaultRetries_reachTheProxyAsSeparateCalls() {
    proxy.inject(
        FaultRule.builder("always", 5).signedBy(caller).failing(1).internalErrors(1).build());
    try (S3Client s3 =
            new AwsClients(settings(caller, proxy.endpoint()))
                .configure(S3Client.builder())
                .forcePathStyle(true)
                .build();
        SnsClient sns = new AwsClients(settings(caller, proxy.endpoint())).sns()) {
      assertThatThrownBy(() -> put(s3, "retried", "r".getBytes())).isInstanceOf(S3Exception.class);
      long s3Attempts = proxy.counts("always").seen();
      assertThatThrownBy(() -> sns.publish(p -> p.topicArn(topicArn).message("r")))
          .isInstanceOf(InternalErrorException.class);
      long snsAttempts = proxy.counts("always").seen() - s3Attempts;
      // the SDK's default (legacy) retry mode: the first attempt and 3 retries
      assertThat(s3Attempts).isEqualTo(4);
      assertThat(snsAttempts).isEqualTo(4);
    }
  }

  /**
   * PUTs {@code body} to {@code key} through the proxy, signed with the caller's keys and sent in
   * 64 KiB chunks of Transfer-Encoding: chunked; returns the status.
   */
  private int chunkedPut(String key, byte[] body) throws Exception {
    URI uri = proxy.endpoint().resolve("/" + bucket + "/" + key);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                caller.accessKeyId(), caller.secretAccessKey()))
                        .request(
                            SdkHttpRequest.builder()
                                .uri(uri)
                                .method(SdkHttpMethod.PUT)
                                // S3 wants it; the signer fills in the body's hash
                                .putHeader("x-amz-content-sha256", "")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, LocalAws.REGION)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3"))
            .request();
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      connection.setRequestMethod("PUT");
      signed
          .headers()
          .forEach(
              (name, values) -> {
                if (!name.equalsIgnoreCase("Host")) { // the connection sets the same host:port
                  values.forEach(value -> connection.addRequestProperty(name, value));
                }
              });
      connection.setDoOutput(true);
      connection.setChunkedStreamingMode(64 * 1024);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  @Test
  void icebergsS3FileIo_retriesAFailedCallFiveTimes() {
    proxy.inject(
        FaultRule.builder("file-io", 11)
            .signedBy(caller)
            .services(FaultService.S3)
            .failing(1)
            .internalErrors(1)
            .build());
    // the FileIO a service opens, with the properties its catalog gets (CatalogFactory)
    try (S3FileIO io = new S3FileIO()) {
      io.initialize(
          CatalogProperties.local(
              aws.catalogJdbcUri(),
              bucket,
              proxy.endpoint(),
              LocalAws.REGION,
              caller.accessKeyId(),
              caller.secretAccessKey()));
      // createOrOverwrite: one PutObject when the stream closes (create() first asks HeadObject)
      assertThatThrownBy(
              () -> {
                try (PositionOutputStream out =
                    io.newOutputFile("s3://%s/data/file.parquet".formatted(bucket))
                        .createOrOverwrite()) {
                  out.write(1);
                }
              })
          .isInstanceOfSatisfying(S3Exception.class, e -> assertError(e, 500, "InternalError"));
    }
    // s3.retry.num-retries, 5 by default (S3FileIOProperties): the first attempt and 5 retries
    assertThat(proxy.counts("file-io").seen()).isEqualTo(6);
  }

  /** Alternately S3 PutObject and SNS Publish, {@value #CALLS} calls: each one's status. */
  private List<Integer> statuses(S3Client s3, SnsClient sns) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      int n = i;
      try {
        if (n % 2 == 0) {
          put(s3, "seq-" + n, "s".getBytes());
        } else {
          sns.publish(p -> p.topicArn(topicArn).message("s" + n));
        }
        statuses.add(OK);
      } catch (AwsServiceException e) {
        assertThat(e.statusCode()).isIn(500, 503);
        statuses.add(e.statusCode());
      }
    }
    return statuses;
  }

  private static void assertError(AwsServiceException e, int status, String code) {
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
  }

  private void put(S3Client s3, String key, byte[] body) {
    s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(body));
  }

  private byte[] get(S3Client s3, String key) {
    try {
      return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new AssertionError("no object " + key + " in " + bucket, e);
    }
  }

  private EmulatorCredentials createUser(String name) {
    try (IamClient iam = aws.clients().configure(IamClient.builder()).build()) {
      iam.createUser(u -> u.userName(name));
      iam.putUserPolicy(
          p -> p.userName(name).policyName("s3-and-sns").policyDocument(ANY_S3_OR_SNS));
      AccessKey key = iam.createAccessKey(k -> k.userName(name)).accessKey();
      return new EmulatorCredentials(key.accessKeyId(), key.secretAccessKey());
    }
  }

  private static AwsSettings settings(EmulatorCredentials credentials, URI endpoint) {
    return new AwsSettings(LocalAws.REGION, Optional.of(endpoint), credentials);
  }

  /** An S3 client that signs with {@code credentials} and never retries. */
  private static S3Client s3(EmulatorCredentials credentials, URI endpoint) {
    return new AwsClients(settings(credentials, endpoint))
        .configure(S3Client.builder())
        .forcePathStyle(true)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** An SNS client that signs with {@code credentials} and never retries. */
  private static SnsClient sns(EmulatorCredentials credentials, URI endpoint) {
    return new AwsClients(settings(credentials, endpoint))
        .configure(SnsClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
