package dev.iceflow.bench.steady;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used so far by each process the run depends on: the embedded AWS (moto server, a Python
 * process under this JVM), each function's process, and this JVM (the publisher and samplers). Two
 * readings a level apart say which process was busy: on a 2-core machine, one process near a full
 * core while the others idle is the bound.
 */
final class ProcessCpu {

  static final String EMULATOR = "emulator (moto)";
  static final String BENCHMARK = "benchmark JVM";

  private ProcessCpu() {}

  /** CPU seconds by process label; {@code functionPids} names the function processes. */
  static Map<String, Double> read(Map<String, Long> functionPids) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    cpu.put(BENCHMARK, seconds(ProcessHandle.current()));
    functionPids.forEach(
        (function, pid) ->
            cpu.put(function, ProcessHandle.of(pid).map(ProcessCpu::seconds).orElse(0.0)));
    double emulator =
        ProcessHandle.current()
            .descendants()
            .filter(p -> !functionPids.containsValue(p.pid()))
            .filter(ProcessCpu::isPython)
            .mapToDouble(ProcessCpu::seconds)
            .sum();
    cpu.put(EMULATOR, emulator);
    return cpu;
  }

  /** Each process's share of one core between two readings {@code wallSeconds} apart. */
  static Map<String, Double> coresUsed(
      Map<String, Double> before, Map<String, Double> after, double wallSeconds) {
    Map<String, Double> used = new LinkedHashMap<>();
    after.forEach(
        (label, seconds) ->
            used.put(label, (seconds - before.getOrDefault(label, 0.0)) / wallSeconds));
    return used;
  }

  private static boolean isPython(ProcessHandle process) {
    Optional<String> command = process.info().command();
    return command.isPresent() && command.get().contains("python");
  }

  private static double seconds(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
  }
}
