package dev.iceflow.ops.control;

/**
 * pipeline.control's actions, and the state cost-guard leaves a function's event source mappings in
 * when it has applied one (Lambda's State names).
 */
enum ControlAction {
  PAUSE("pause", "Disabled", "paused"),
  RESUME("resume", "Enabled", "resumed");

  private final String wireName;
  private final String mappingState;
  private final String done;

  ControlAction(String wireName, String mappingState, String done) {
    this.wireName = wireName;
    this.mappingState = mappingState;
    this.done = done;
  }

  String wireName() {
    return wireName;
  }

  /** The State every mapping of a function reaches once the action is applied. */
  String mappingState() {
    return mappingState;
  }

  /** "paused", "resumed". */
  String done() {
    return done;
  }
}
