package dev.iceflow.contracts.iam;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM policy document. The generated ones are templates: their resources name the deployment's
 * ARNs as {@code ${variable}} placeholders ({@link PolicyVariables}), which Terraform's
 * templatefile() fills in AWS and {@link #render} fills for the emulator.
 */
@JsonPropertyOrder({"Version", "Statement"})
public record PolicyDocument(
    @JsonProperty("Version") String version,
    @JsonProperty("Statement") List<PolicyStatement> statements) {

  /** The current IAM policy language version. */
  public static final String VERSION = "2012-10-17";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_]+)}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public PolicyDocument {
    statements = List.copyOf(statements);
  }

  public static PolicyDocument of(List<PolicyStatement> statements) {
    return new PolicyDocument(VERSION, statements);
  }

  public static PolicyDocument parse(String json) {
    try {
      return JSON.readValue(json, PolicyDocument.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an IAM policy document: " + e.getMessage(), e);
    }
  }

  /** The document as the generated file holds it: indented, ending in a newline. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a policy document", e);
    }
  }

  /**
   * The document with every {@code ${variable}} replaced by its value, as templatefile() does; a
   * placeholder without a value fails, as it does in Terraform.
   */
  public PolicyDocument render(Map<String, String> values) {
    return map(statement -> statement.withResources(resource -> fill(resource, values)));
  }

  /** The document with each statement passed through {@code rewrite}. */
  public PolicyDocument map(UnaryOperator<PolicyStatement> rewrite) {
    return new PolicyDocument(version, statements.stream().map(rewrite).toList());
  }

  private static String fill(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for ${%s} in %s".formatted(matcher.group(1), template));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(out).toString();
  }
}
