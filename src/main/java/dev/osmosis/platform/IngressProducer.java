package dev.osmosis.platform;

import dev.osmosis.ingress.IngressHandler;
import dev.osmosis.ingress.IngressHandlers;
import dev.osmosis.ingress.IngressName;
import dev.osmosis.room.RoomLimits;
import dev.osmosis.room.RoomRegistry;
import dev.osmosis.room.RoomSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * Wires rooms and ingress handlers into CDI: one {@link RoomRegistry} sized by the settings
 * (spanning the cluster through the {@link RoomSpan} of {@code grid.RoomSpanProducer}), and the
 * {@link IngressHandlers} found among the {@link IngressHandler} beans by their {@link
 * IngressName}. Both are made at start-up, so a handler without a name, a bad name or a duplicate
 * stops the deployment with a message.
 */
@ApplicationScoped
public class IngressProducer {
  private static final System.Logger LOG = System.getLogger(IngressProducer.class.getName());

  @Inject @Any Instance<IngressHandler> beans;

  @Produces
  @Singleton
  RoomRegistry rooms(RoomSpan span) {
    RoomLimits limits = OsmosisConfig.roomLimits();
    return new RoomRegistry(
        limits.maxRooms(), limits.maxRoomsPerSession(), limits.maxMembersPerRoom(), span);
  }

  @Produces
  @Singleton
  IngressHandlers handlers() {
    Map<String, IngressHandler> byName = new HashMap<>();
    Map<String, String> classes = new HashMap<>();
    for (Instance.Handle<IngressHandler> handle : beans.handles()) {
      Class<?> type = handle.getBean().getBeanClass();
      IngressName name = type.getAnnotation(IngressName.class);
      if (name == null) {
        throw new IllegalStateException(
            "ingress handler " + type.getName() + " has no @IngressName");
      }
      String previous = classes.putIfAbsent(name.value(), type.getName());
      if (previous != null) {
        throw new IllegalStateException(
            "ingress handlers "
                + previous
                + " and "
                + type.getName()
                + " are both named '"
                + name.value()
                + "'");
      }
      byName.put(name.value(), handle.get());
    }
    return new IngressHandlers(byName);
  }

  void start(
      @Observes @Initialized(ApplicationScoped.class) Object event, IngressHandlers handlers) {
    LOG.log(
        System.Logger.Level.INFO, "ingress handlers: {0} (WebSocket /ws/NAME)", handlers.names());
  }
}
