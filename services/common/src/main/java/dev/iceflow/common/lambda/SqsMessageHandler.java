package dev.iceflow.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;

/** Handles one SQS message; throwing marks the message (only) as failed. */
@FunctionalInterface
public interface SqsMessageHandler {

  void handle(SQSMessage message) throws Exception;
}
