package dev.iceflow.contracts.prices;

import dev.iceflow.contracts.UnknownContractException;
import java.util.Map;
import java.util.TreeMap;

/** The list prices of one AWS region, by id (see {@link PriceIds}), and the deployed footprint. */
public record PriceTable(String region, NetworkFootprint footprint, Map<String, Price> prices) {

  public PriceTable {
    prices = Map.copyOf(prices);
  }

  /** The price with this id; fails when the table has none. */
  public Price price(String id) {
    Price price = prices.get(id);
    if (price == null) {
      throw new UnknownContractException(
          "no price '%s' for %s (known: %s)".formatted(id, region, new TreeMap<>(prices).keySet()));
    }
    return price;
  }
}
