package dev.iceflow.contracts.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FunctionPoliciesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_]+)}");

  private final Contracts contracts =
      Contracts.from(ContractSource.directory(Path.of("").toAbsolutePath()));
  private final FunctionPolicies policies = FunctionPolicies.of(contracts);

  private static PolicyStatement statement(PolicyDocument document, String sid) {
    return document.statements().stream()
        .filter(s -> s.sid().equals(sid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + document));
  }

  @Test
  void enrichmentMayReadTheWarehouse_whereIcebergsLoadTableReadsTheTableMetadata() {
    PolicyDocument enrichment = policies.of("enrichment");

    assertThat(statement(enrichment, "ReadOwnBuckets").resources())
        .contains("${bucket_arn_warehouse}/*");
    assertThat(statement(enrichment, "ListOwnBuckets").resources())
        .contains("${bucket_arn_warehouse}");
  }

  @Test
  void aFunctionWritesOnlyUnderItsDeclaredPrefixes() {
    assertThat(statement(policies.of("validation"), "WriteOwnPrefixes").resources())
        .containsExactly(
            "${bucket_arn_staging}/validated/*", "${bucket_arn_quarantine}/validation/*");
    assertThat(statement(policies.of("commit"), "WriteOwnPrefixes").resources())
        .containsExactly("${bucket_arn_warehouse}/*");
  }

  @Test
  void everyPlaceholderIsAVariableTerraformAndThePlatformProvide() {
    var topology = contracts.topology();
    List<String> known =
        new java.util.ArrayList<>(
            List.of(
                PolicyVariables.PARTITION,
                PolicyVariables.REGION,
                PolicyVariables.ACCOUNT_ID,
                PolicyVariables.DEAD_LETTER_QUEUE_ARN));
    topology.queues().forEach(q -> known.add(PolicyVariables.queueArn(q.name())));
    topology.topics().forEach(t -> known.add(PolicyVariables.topicArn(t.name())));
    topology.buckets().forEach(b -> known.add(PolicyVariables.bucketArn(b.name())));
    topology.ledgers().forEach(l -> known.add(PolicyVariables.ledgerArn(l.name())));
    for (FunctionSpec function : topology.functions()) {
      for (PolicyStatement statement : policies.of(function).statements()) {
        for (String resource : statement.resources()) {
          Matcher matcher = PLACEHOLDER.matcher(resource);
          while (matcher.find()) {
            assertThat(known).as("%s %s", function.name(), resource).contains(matcher.group(1));
          }
        }
      }
    }
  }

  @Test
  void onlyActionsWithoutResourceTypesGetTheWildcard() {
    for (FunctionSpec function : contracts.topology().functions()) {
      for (PolicyStatement statement : policies.of(function).statements()) {
        if (statement.resources().contains(PolicyStatement.ANY_RESOURCE)) {
          assertThat(statement.actions())
              .as(function.name())
              .containsOnly("cloudwatch:GetMetricData");
        }
      }
    }
  }

  @Test
  void renderingFillsEveryPlaceholder_andRefusesOneWithoutAValue() {
    PolicyDocument park =
        PolicyDocument.of(
            List.of(
                PolicyStatement.allow(
                    "Park", List.of("sqs:SendMessage"), List.of("${dead_letter_queue_arn}"))));

    assertThat(park.render(Map.of("dead_letter_queue_arn", "arn:aws:sqs:us-east-1:1:dlq")))
        .extracting(d -> d.statements().get(0).resources())
        .isEqualTo(List.of("arn:aws:sqs:us-east-1:1:dlq"));
    assertThatThrownBy(() -> park.render(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dead_letter_queue_arn");
  }

  @Test
  void aDocumentSurvivesItsOwnJson() {
    PolicyDocument commit = policies.of("commit");

    assertThat(PolicyDocument.parse(commit.toJson())).isEqualTo(commit);
  }
}
