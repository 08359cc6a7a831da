package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.EmulatorCredentials;
import dev.iceflow.contracts.iam.FunctionPolicies;
import dev.iceflow.contracts.iam.PolicyDocument;
import dev.iceflow.contracts.iam.PolicyVariables;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.QueueSpec;
import dev.iceflow.local.provision.Provisioned;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * Each function's identity in the emulator: an IAM user whose only policy is the function's
 * generated one (the same document Terraform attaches to its role), rendered with what was
 * provisioned, and that user's access key, which the platform gives the function process. The
 * emulator then refuses any call the policy does not allow, as AWS would.
 */
public final class FunctionIdentities {

  /** The name of the policy on each function's user; putting it again replaces it. */
  static final String POLICY_NAME = "least-privilege";

  private static final String PARTITION = "aws";

  private final Provisioned provisioned;
  private final String accountId;
  private final Map<String, EmulatorCredentials> credentials = new LinkedHashMap<>();

  private FunctionIdentities(Provisioned provisioned, String accountId) {
    this.provisioned = provisioned;
    this.accountId = accountId;
  }

  /** Creates a user, its policy and its key for every function of {@code policies}' topology. */
  static FunctionIdentities create(
      IamClient iam, FunctionPolicies policies, Provisioned provisioned, String accountId) {
    FunctionIdentities identities = new FunctionIdentities(provisioned, accountId);
    for (FunctionSpec function : policies.topology().functions()) {
      identities.createUser(function, policies.of(function), policies, iam);
    }
    return identities;
  }

  /** The keys of {@code function}'s user. */
  EmulatorCredentials credentials(String function) {
    EmulatorCredentials found = credentials.get(function);
    if (found == null) {
      throw new IllegalArgumentException(
          "no identity for function '%s' (have %s)".formatted(function, credentials.keySet()));
    }
    return found;
  }

  /** The function keys whose id is {@code accessKeyId}, if the platform handed them out. */
  Optional<EmulatorCredentials> byAccessKeyId(String accessKeyId) {
    return credentials.values().stream()
        .filter(c -> c.accessKeyId().equals(accessKeyId))
        .findFirst();
  }

  /**
   * Replaces the policy of {@code function}'s user with {@code template} (a generated document,
   * e.g. from an older topology): tests show what a policy lets a function do.
   */
  void replacePolicy(
      FunctionSpec function, PolicyDocument template, FunctionPolicies policies, IamClient iam) {
    iam.putUserPolicy(
        b ->
            b.userName(userName(function.name()))
                .policyName(POLICY_NAME)
                .policyDocument(render(function, template, policies).toJson()));
  }

  /**
   * Puts {@code document} (concrete ARNs, no placeholders) on the function's user as {@code name}.
   */
  void putPolicy(String function, String name, PolicyDocument document, IamClient iam) {
    if (POLICY_NAME.equals(name)) {
      throw new IllegalArgumentException(name + " is the function's generated policy");
    }
    credentials(function); // fails for a function without an identity
    iam.putUserPolicy(
        b ->
            b.userName(userName(function))
                .policyName(name)
                .policyDocument(MotoAuthorizationScope.adapt(document).toJson()));
  }

  private void createUser(
      FunctionSpec function, PolicyDocument template, FunctionPolicies policies, IamClient iam) {
    String user = userName(function.name());
    iam.createUser(b -> b.userName(user));
    replacePolicy(function, template, policies, iam);
    AccessKey key = iam.createAccessKey(b -> b.userName(user)).accessKey();
    credentials.put(
        function.name(), new EmulatorCredentials(key.accessKeyId(), key.secretAccessKey()));
  }

  private PolicyDocument render(
      FunctionSpec function, PolicyDocument template, FunctionPolicies policies) {
    return MotoAuthorizationScope.adapt(template.render(values(function, policies)));
  }

  /** The template variables as Terraform fills them, from what was provisioned here. */
  private Map<String, String> values(FunctionSpec function, FunctionPolicies policies) {
    Map<String, String> values = new HashMap<>();
    values.put(PolicyVariables.PARTITION, PARTITION);
    values.put(PolicyVariables.REGION, LocalAws.REGION);
    values.put(PolicyVariables.ACCOUNT_ID, accountId);
    provisioned.queueArns().forEach((q, arn) -> values.put(PolicyVariables.queueArn(q), arn));
    provisioned.topicArns().forEach((t, arn) -> values.put(PolicyVariables.topicArn(t), arn));
    provisioned
        .buckets()
        .forEach(
            (b, name) ->
                values.put(
                    PolicyVariables.bucketArn(b), "arn:%s:s3:::%s".formatted(PARTITION, name)));
    provisioned
        .ledgers()
        .forEach(
            (l, table) ->
                values.put(
                    PolicyVariables.ledgerArn(l),
                    "arn:%s:dynamodb:%s:%s:table/%s"
                        .formatted(PARTITION, LocalAws.REGION, accountId, table)));
    QueueSpec consumed = policies.topology().queue(function.consumes().queue()).orElseThrow();
    consumed
        .deadLetterQueue()
        .ifPresent(
            dlq ->
                values.put(
                    PolicyVariables.DEAD_LETTER_QUEUE_ARN, provisioned.queueArn(dlq.name())));
    return values;
  }

  private String userName(String function) {
    return provisioned.names().function(function);
  }
}
