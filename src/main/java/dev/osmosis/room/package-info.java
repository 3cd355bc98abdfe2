/**
 * Rooms: named, in-memory groups of members for ingress WebSocket handlers (seed 004). {@link
 * dev.osmosis.room.RoomRegistry} creates a room on its first join and deletes it when its last
 * member leaves, atomically; {@link dev.osmosis.room.Room#broadcast} hands one shared message to
 * every member's enqueue and does nothing else per member (docs/ARCHITECTURE.md, encode once).
 * Presence listeners see JOINED/LEFT events, in order per room, with the member count right after
 * each change.
 *
 * <p>Plain Java: depends on the JDK only (no {@code jakarta.*}, no other Osmosis package).
 */
package dev.osmosis.room;
