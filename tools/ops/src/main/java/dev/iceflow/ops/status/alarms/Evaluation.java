package dev.iceflow.ops.status.alarms;

import java.util.OptionalDouble;

/**
 * An alarm's state after one evaluation.
 *
 * @param latest the newest datapoint in the evaluation range (empty when there is none)
 * @param breaching how many of the evaluated datapoints breach, missing ones filled in as the
 *     alarm's treatMissingData says
 * @param evaluated how many datapoints were evaluated (the alarm's evaluationPeriods)
 */
public record Evaluation(AlarmState state, OptionalDouble latest, int breaching, int evaluated) {}
