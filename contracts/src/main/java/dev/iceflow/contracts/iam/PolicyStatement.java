package dev.iceflow.contracts.iam;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** One Allow statement of an IAM policy, spelled as IAM's JSON grammar spells it. */
@JsonPropertyOrder({"Sid", "Effect", "Action", "Resource"})
public record PolicyStatement(
    @JsonProperty("Sid") String sid,
    @JsonProperty("Effect") String effect,
    @JsonProperty("Action") List<String> actions,
    @JsonProperty("Resource") List<String> resources) {

  public static final String ALLOW = "Allow";

  /** IAM's wildcard resource, for actions that have no resource types. */
  public static final String ANY_RESOURCE = "*";

  public PolicyStatement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    if (actions.isEmpty() || resources.isEmpty()) {
      throw new IllegalArgumentException("statement " + sid + " needs actions and resources");
    }
  }

  public static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
    return new PolicyStatement(sid, ALLOW, actions, resources);
  }

  /** The same statement with each resource passed through {@code rewrite}. */
  public PolicyStatement withResources(UnaryOperator<String> rewrite) {
    return new PolicyStatement(sid, effect, actions, resources.stream().map(rewrite).toList());
  }

  /** The same statement allowing {@code action} too. */
  public PolicyStatement withActions(String action) {
    return new PolicyStatement(
        sid, effect, Stream.concat(actions.stream(), Stream.of(action)).toList(), resources);
  }

  /** The same statement on {@code resources}. */
  public PolicyStatement onResources(List<String> resources) {
    return new PolicyStatement(sid, effect, actions, resources);
  }
}
