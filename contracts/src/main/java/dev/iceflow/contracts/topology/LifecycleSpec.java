package dev.iceflow.contracts.topology;

/** Storage-class transitions and expiry of a bucket's objects; null means "never". */
public record LifecycleSpec(
    Integer transitionToIaDays, Integer transitionToGlacierDays, Integer expireDays) {}
