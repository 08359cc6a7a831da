package dev.iceflow.local.platform;

import java.util.concurrent.CompletableFuture;

/** One invocation of a function: its request id, event, deadline, and the result to come. */
record Invocation(
    String requestId, byte[] event, long deadlineEpochMillis, CompletableFuture<byte[]> result) {}
