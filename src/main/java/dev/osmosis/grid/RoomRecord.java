package dev.osmosis.grid;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A room as the grid holds it: one entry of the rooms map, keyed by room name (docs/CLUSTER.md
 * "Rooms"). Stored as bytes, as {@link TopicRecord}. Immutable.
 *
 * @param sequence the number of the room's last membership change (each join or leave adds one)
 * @param members the members on every node, in joining order
 */
record RoomRecord(long sequence, List<Member> members) {
  private static final int FORMAT = 1;

  /**
   * A member of the room.
   *
   * @param id the member's id (unique in the cluster: a random UUID)
   * @param node the grid member it is connected to (its UUID as text)
   */
  record Member(String id, String node) {}

  RoomRecord {
    members = List.copyOf(members);
  }

  boolean contains(String id) {
    for (Member m : members) {
      if (m.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  RoomRecord with(Member member) {
    List<Member> more = new ArrayList<>(members);
    more.add(member);
    return new RoomRecord(sequence + 1, more);
  }

  /** Without the members {@code drop} matches, one sequence number per member dropped. */
  RoomRecord without(Predicate<Member> drop) {
    List<Member> kept = new ArrayList<>(members.size());
    for (Member m : members) {
      if (!drop.test(m)) {
        kept.add(m);
      }
    }
    int dropped = members.size() - kept.size();
    return dropped == 0 ? this : new RoomRecord(sequence + dropped, kept);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 80 * members.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(sequence);
      out.writeInt(members.size());
      for (Member m : members) {
        out.writeUTF(m.id());
        out.writeUTF(m.node());
      }
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
      long sequence = in.readLong();
      int n = in.readInt();
      List<Member> members = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        members.add(new Member(in.readUTF(), in.readUTF()));
      }
      return new RoomRecord(sequence, members);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
