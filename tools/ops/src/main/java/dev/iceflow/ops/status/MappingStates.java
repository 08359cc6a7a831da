package dev.iceflow.ops.status;

import dev.iceflow.ops.status.FunctionStatus.Mapping;
import java.util.List;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Lists a function's event source mappings (ListEventSourceMappings by its deployed name). */
final class MappingStates {

  private final LambdaClient lambda;

  MappingStates(LambdaClient lambda) {
    this.lambda = lambda;
  }

  FunctionStatus read(String function, String deployedName) {
    try {
      List<Mapping> mappings =
          lambda
              .listEventSourceMappingsPaginator(r -> r.functionName(deployedName))
              .eventSourceMappings()
              .stream()
              .map(m -> new Mapping(m.uuid(), m.state(), m.eventSourceArn()))
              .toList();
      return new FunctionStatus(function, deployedName, true, mappings);
    } catch (ResourceNotFoundException e) {
      // a function this deployment should run and does not: reported as a problem, not a failure
      return new FunctionStatus(function, deployedName, false, List.of());
    }
  }
}
