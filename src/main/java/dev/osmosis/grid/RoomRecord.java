package dev.osmosis.grid;

import dev.osmosis.room.PresenceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A room as the grid holds it: one entry of the rooms map, keyed by room name (docs/CLUSTER.md
 * "Rooms"). Its size does not grow with the room: the members themselves are one entry each in
 * another map. Stored as bytes, as {@link TopicRecord}. Immutable.
 *
 * @param sequence the number of the room's last membership change (each join or leave adds one)
 * @param count the members on every node after that change (0: the room is being deleted)
 * @param kind what the last change was
 * @param memberId the member that joined or left in the last change
 * @param by the node that made the last change (the one that deletes the entry when it reaches 0)
 */
record RoomRecord(long sequence, int count, PresenceEvent.Kind kind, String memberId, String by) {
  private static final int FORMAT = 2;

  /** A new room: its first member joined. */
  static RoomRecord first(long sequence, String memberId, String by) {
    return new RoomRecord(sequence, 1, PresenceEvent.Kind.JOINED, memberId, by);
  }

  RoomRecord joined(String id, String node) {
    return new RoomRecord(sequence + 1, count + 1, PresenceEvent.Kind.JOINED, id, node);
  }

  RoomRecord left(String id, String node) {
    return new RoomRecord(sequence + 1, Math.max(0, count - 1), PresenceEvent.Kind.LEFT, id, node);
  }

  /** The last change as a presence event. */
  PresenceEvent event(String room) {
    return new PresenceEvent(room, memberId, kind, count, sequence);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(sequence);
      out.writeInt(count);
      out.writeByte(kind.ordinal());
      out.writeUTF(memberId);
      out.writeUTF(by);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static RoomRecord decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("unknown room record format " + format);
      }
      return new RoomRecord(
          in.readLong(),
          in.readInt(),
          PresenceEvent.Kind.values()[in.readByte()],
          in.readUTF(),
          in.readUTF());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
