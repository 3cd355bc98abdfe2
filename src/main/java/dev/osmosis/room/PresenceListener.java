package dev.osmosis.room;

/**
 * Receives a room's presence events. Called without any registry lock held, in order per room,
 * never concurrently for one room; it may call back into the registry. It should be quick (it runs
 * on the thread of whoever joined or left, or of a concurrent one). An exception is logged and does
 * not stop other listeners.
 */
@FunctionalInterface
public interface PresenceListener {
  void onPresence(PresenceEvent event);
}
