package dev.iceflow.contracts.prices;

import java.util.List;

/**
 * What the Terraform network and kms modules deploy whatever the traffic: the counts the fixed
 * monthly costs multiply (an interface endpoint is billed in every AZ it is placed in).
 */
public record NetworkFootprint(
    List<String> interfaceEndpoints,
    List<String> gatewayEndpoints,
    int natGateways,
    int kmsKeys,
    String note) {

  public NetworkFootprint {
    interfaceEndpoints = List.copyOf(interfaceEndpoints);
    gatewayEndpoints = List.copyOf(gatewayEndpoints);
  }
}
