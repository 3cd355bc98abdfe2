package dev.osmosis.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.query.Predicate;
import dev.osmosis.room.MemberInfo;
import dev.osmosis.room.RoomMember;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of every room of the cluster ({@link GridRooms}; docs/CLUSTER.md "Rooms"): one entry
 * per (room, member) in the map {@value #MAP}, its value JSON ({@link HazelcastJsonValue}: the grid
 * can query its {@code node}, and no application class travels) with the room, the member's id and
 * node, the sequence of its join in the room's record and its attributes. A join or leave writes or
 * removes its one entry, whatever the room's size.
 *
 * <p>Every node keeps an index of every room's members: its own members when they join and leave
 * (at once), the other nodes' from the map's entry events (one small event per change). Reading a
 * room's members reads the index, not the grid. Thread-safe.
 */
final class GridRoomMembers {
  static final String MAP = "osmosis.room-members";

  /** A member entry: its room, the member and the sequence of its join. */
  record Entry(String room, MemberInfo member, long sequence) {}

  private final IMap<String, HazelcastJsonValue> map;
  private final String node;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Entry>> index =
      new ConcurrentHashMap<>();
  private UUID listener;

  GridRoomMembers(IMap<String, HazelcastJsonValue> map, String node) {
    this.map = map;
    this.node = node;
  }

  /** Starts following the other nodes' joins and leaves, and reads the members already there. */
  void listen() {
    listener = map.addEntryListener(new Changes(), true);
    for (HazelcastJsonValue value : map.values()) {
      Entry e = decode(value);
      if (!e.member().node().equals(node)) {
        put(e);
      }
    }
  }

  void close() {
    if (listener != null) {
      map.removeEntryListener(listener);
      listener = null;
    }
  }

  /** This node's member joined the room with the room record's {@code sequence}. */
  void add(String room, RoomMember member, long sequence) {
    Entry e = new Entry(room, new MemberInfo(member.id(), node, member.attributes()), sequence);
    map.set(key(room, member.id()), encode(e));
    put(e);
  }

  /** This node's member left the room; false if it was not listed (nothing to count). */
  boolean remove(String room, String memberId) {
    take(room, memberId);
    return map.remove(key(room, memberId)) != null;
  }

  /** Whether the grid lists the member in the room. */
  boolean listed(String room, String memberId) {
    return map.containsKey(key(room, memberId));
  }

  /**
   * Removes the entries {@code which} matches; returns those this node removed (each entry is
   * removed by exactly one of the nodes that try).
   */
  List<Entry> removeAll(Predicate<String, HazelcastJsonValue> which) {
    List<Entry> removed = new ArrayList<>();
    for (String key : map.keySet(which)) {
      HazelcastJsonValue value = map.remove(key);
      if (value != null) {
        Entry e = decode(value);
        take(e.room(), e.member().id());
        removed.add(e);
      }
    }
    return removed;
  }

  /** The room's members on every node as this node knows them, in joining order. */
  List<MemberInfo> of(String room) {
    ConcurrentHashMap<String, Entry> members = index.get(room);
    if (members == null) {
      return List.of();
    }
    List<Entry> sorted = new ArrayList<>(members.values());
    sorted.sort(Comparator.comparingLong(Entry::sequence));
    return sorted.stream().map(Entry::member).toList();
  }

  private void put(Entry e) {
    index.computeIfAbsent(e.room(), r -> new ConcurrentHashMap<>()).put(e.member().id(), e);
  }

  private void take(String room, String memberId) {
    index.computeIfPresent(
        room,
        (r, members) -> {
          members.remove(memberId);
          return members.isEmpty() ? null : members;
        });
  }

  /** Unambiguous: a member id never holds the separator (ids are UUIDs). */
  static String key(String room, String memberId) {
    return memberId + '\u0000' + room;
  }

  static HazelcastJsonValue encode(Entry e) {
    JsonObjectBuilder attributes = Json.createObjectBuilder();
    e.member().attributes().forEach(attributes::add);
    return new HazelcastJsonValue(
        Json.createObjectBuilder()
            .add("room", e.room())
            .add("id", e.member().id())
            .add("node", e.member().node())
            .add("sequence", e.sequence())
            .add("attributes", attributes)
            .build()
            .toString());
  }

  static Entry decode(HazelcastJsonValue value) {
    JsonObject json;
    try (JsonReader reader = Json.createReader(new StringReader(value.toString()))) {
      json = reader.readObject();
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> a : json.getJsonObject("attributes").entrySet()) {
      attributes.put(a.getKey(), ((JsonString) a.getValue()).getString());
    }
    return new Entry(
        json.getString("room"),
        new MemberInfo(json.getString("id"), json.getString("node"), attributes),
        json.getJsonNumber("sequence").longValue());
  }

  /** The other nodes' members joining and leaving (this node's own are indexed at once). */
  private final class Changes
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryRemovedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      Entry e = decode(event.getValue());
      if (!e.member().node().equals(node)) {
        put(e);
      }
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
      HazelcastJsonValue old = event.getOldValue();
      if (old != null) {
        Entry e = decode(old);
        if (!e.member().node().equals(node)) {
          take(e.room(), e.member().id());
        }
      }
    }
  }
}
