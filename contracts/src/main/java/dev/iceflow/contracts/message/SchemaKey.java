package dev.iceflow.contracts.message;

/** Identifies one payload schema: an event type at a major version. */
public record SchemaKey(MessageType type, int major) {

  /** Path of the schema inside {@code contracts/}. */
  public String path() {
    return "messages/%s/v%d/schema.json".formatted(type.wireName(), major);
  }

  @Override
  public String toString() {
    return type.wireName() + " v" + major;
  }
}
