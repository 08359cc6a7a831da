package dev.iceflow.common.faults;

/**
 * The cause a fault run puts behind a failure it injected, so no one mistakes it for a real one.
 */
public class InjectedFaultException extends RuntimeException {

  public InjectedFaultException(String message) {
    super(message);
  }
}
