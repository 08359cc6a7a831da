package dev.iceflow.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the benchmarks' real flights come from (a picocli mixin both benchmarks share). */
public final class FlightsData {

  @Option(
      names = "--data",
      required = true,
      description = "vega-datasets data folder (tools/local/bin/fetch-vega.sh prints it)")
  public Path folder;

  @Option(
      names = "--flights",
      defaultValue = "flights-20k.json",
      description = "flights file in the data folder (default: ${DEFAULT-VALUE})")
  public String flightsFile;

  public Path flights() {
    return folder.resolve(flightsFile);
  }

  public Path airports() {
    return folder.resolve("airports.csv");
  }
}
