package dev.iceflow.compaction.maintenance;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Table;

/**
 * Forces an interleaving: the real table, except that the first ExpireSnapshots commit made through
 * it first runs {@code meanwhile} (another writer's commit). Whatever expiry planned with {@code
 * apply()} before is then stale when its commit reaches the catalog, which is the case a test of
 * "no snapshot committed meanwhile is expired" has to stand in.
 */
final class WriterBetweenPlanAndCommit {

  private WriterBetweenPlanAndCommit() {}

  static Table around(Table table, Runnable meanwhile) {
    AtomicBoolean ran = new AtomicBoolean();
    return forwarding(
        Table.class,
        table,
        (method, result) ->
            method.getName().equals("expireSnapshots")
                ? hooked((ExpireSnapshots) result, meanwhile, ran)
                : result);
  }

  private static ExpireSnapshots hooked(
      ExpireSnapshots expire, Runnable meanwhile, AtomicBoolean ran) {
    ExpireSnapshots[] self = new ExpireSnapshots[1];
    self[0] =
        forwarding(
            ExpireSnapshots.class,
            expire,
            (method, result) -> result == expire ? self[0] : result,
            method -> {
              if (method.getName().equals("commit") && ran.compareAndSet(false, true)) {
                meanwhile.run();
              }
            });
    return self[0];
  }

  private interface Adapter {
    Object adapt(Method method, Object result);
  }

  private interface Before {
    void run(Method method);
  }

  private static <T> T forwarding(Class<T> type, T target, Adapter adapter) {
    return forwarding(type, target, adapter, method -> {});
  }

  private static <T> T forwarding(Class<T> type, T target, Adapter adapter, Before before) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              before.run(method);
              try {
                return adapter.adapt(method, method.invoke(target, args));
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
