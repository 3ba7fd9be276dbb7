package dev.cortado.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A Redis sorted set: members (binary strings) with double scores, ordered by score and, among equal
 * scores, by member bytes compared as unsigned (memcmp), as Redis orders them.
 *
 * <p>Two structures hold the same members, as in Redis: a hash map from member to its node, so a
 * score is found in O(1), and a skiplist with spans (Pugh's skiplist, each link also counting the
 * nodes it jumps), so that insertion, removal, rank and the n-th element cost O(log N) and a range
 * O(log N + M). Its random levels come from a generator of the set's own, so two sets built alike
 * have the same shape and nothing is shared between servers' threads.
 *
 * <p>OBJECT ENCODING reports Redis 7.0's encodings, and what differs between them is reproduced:
 * <ul>
 *   <li>"listpack" while there are at most zset-max-listpack-entries members, none longer than
 *       zset-max-listpack-value bytes. A listpack stores an integral score as an integer, so
 *       negative zero becomes 0 there; ZSCAN returns everything at once, scores as stored.
 *   <li>"skiplist" from the add that breaks a limit on, for good (7.0 converts back only when a
 *       command builds a new set, see {@link #fitEncoding}). ZSCAN then pages through the members in
 *       {@link Key}'s hash order ({@link HashCursor}), as HSCAN and SSCAN do on a hashtable; that
 *       order is kept only once a ZSCAN asked for it.
 * </ul>
 * Replies are in score order in both encodings, as they are from Redis.
 */
public final class ZSetValue extends Value {
  /** Redis's ZSKIPLIST_MAXLEVEL: enough for 2^64 elements at p = 1/4. */
  private static final int MAX_LEVEL = 32;

  /** What {@link #put} did. */
  public enum Change { ADDED, UPDATED, UNCHANGED }

  /**
   * One member of the skiplist. A node read from a set stays valid until that set changes; the
   * command layer reads members, scores and neighbours from it but never changes it.
   */
  public static final class Node {
    final Key key;
    double score;
    Node backward;
    final Node[] forward;
    /** span[i]: how many positions the link forward[i] advances (to the end when it is null). */
    final int[] span;

    Node(Key key, double score, int levels) {
      this.key = key;
      this.score = score;
      this.forward = new Node[levels];
      this.span = new int[levels];
    }

    public byte[] member() {
      return key.bytes;
    }

    public double score() {
      return score;
    }

    /** The node after this one in score order, or null. */
    public Node next() {
      return forward[0];
    }

    /** The node before this one in score order, or null. */
    public Node previous() {
      return backward;
    }
  }

  /** A score interval, each end inclusive or exclusive ("(" in Redis's syntax). */
  public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean aboveMin(double score) {
      return minExclusive ? score > min : score >= min;
    }

    public boolean belowMax(double score) {
      return maxExclusive ? score < max : score <= max;
    }

    /** Ranges no score can be in (min above max, or one point with an open end). */
    boolean isEmpty() {
      return min > max || (min == max && (minExclusive || maxExclusive));
    }
  }

  /**
   * A member interval for the BYLEX commands. {@link #MINUS} and {@link #PLUS} (compared by
   * identity) stand for "-" and "+", below and above every string.
   */
  public record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
    public static final byte[] MINUS = new byte[0];
    public static final byte[] PLUS = new byte[0];

    public boolean aboveMin(byte[] member) {
      int c = compare(member, min);
      return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] member) {
      int c = compare(member, max);
      return maxExclusive ? c < 0 : c <= 0;
    }

    boolean isEmpty() {
      int c = compare(min, max);
      return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }

    /** Redis's sdscmplex: the two sentinels first, then memcmp order. */
    private static int compare(byte[] a, byte[] b) {
      if (a == b) {
        return 0;
      }
      if (a == MINUS || b == PLUS) {
        return -1;
      }
      if (a == PLUS || b == MINUS) {
        return 1;
      }
      return Arrays.compareUnsigned(a, b);
    }
  }

  private final Node header = new Node(null, 0, MAX_LEVEL);
  private Node tail;
  /** Levels in use, at least 1. */
  private int level = 1;
  private int length;
  final HashMap<Key, Node> dict = new HashMap<>();
  private boolean listpack = true;
  /**
   * Every member in hash order, for ZSCAN cursors on a skiplist. Built by the first ZSCAN and kept
   * from then on: a set never scanned does not pay for it on every add and removal.
   */
  private TreeSet<Key> hashOrder;
  /** xorshift state for node levels. */
  private long random = 0x9E3779B97F4A7C15L;
  /** Scratch for a search: the last node before the target at each level, and its rank. */
  private final Node[] update = new Node[MAX_LEVEL];
  private final int[] updateRank = new int[MAX_LEVEL];
  /** The last member looked up: a command usually reads a member's score and then writes it. */
  private Key lastKey;

  /** An empty set in the "listpack" encoding, as ZADD creates one. */
  public ZSetValue() {}

  /**
   * An empty set in the "skiplist" encoding: what Redis 7.0 builds results in (ZUNIONSTORE...), and
   * what ZRANGESTORE creates when the rank range holds more than zset-max-listpack-entries.
   */
  public static ZSetValue skiplist() {
    ZSetValue z = new ZSetValue();
    z.listpack = false;
    return z;
  }

  @Override
  public String typeName() {
    return "zset";
  }

  @Override
  public String encoding() {
    return listpack ? "listpack" : "skiplist";
  }

  /** A deep copy in the same encoding (Redis's zsetDup): nodes are new, member arrays shared. */
  @Override
  public ZSetValue copy() {
    ZSetValue copy = listpack ? new ZSetValue() : skiplist();
    for (Node n = first(); n != null; n = n.next()) {
      copy.link(n.key, n.score);
    }
    return copy;
  }

  public int size() {
    return length;
  }

  @Override
  public boolean isEmpty() {
    return length == 0;
  }

  /** The member's node, or null. O(1). */
  public Node node(byte[] member) {
    return dict.get(key(member));
  }

  /** The member as a map key, reused when the same array comes again (one hash per member). */
  private Key key(byte[] member) {
    Key k = lastKey;
    if (k == null || k.bytes != member) {
      k = new Key(member);
      lastKey = k;
    }
    return k;
  }

  /** The member's score, or null when it is not in the set. O(1). */
  public Double score(byte[] member) {
    Node n = node(member);
    return n == null ? null : n.score;
  }

  /**
   * Adds a member or sets its score (Redis's zsetAdd without the options, which the caller applies).
   * A score numerically equal to the current one (0 and -0 included) changes nothing. A new member
   * converts a listpack to a skiplist first when the set would grow past {@code maxEntries} or the
   * member is longer than {@code maxValue} bytes. The score must not be NaN.
   */
  public Change put(byte[] member, double score, long maxEntries, long maxValue) {
    Key key = key(member);
    Node n = dict.get(key);
    if (n != null) {
      if (n.score == score) {
        return Change.UNCHANGED;
      }
      setScore(n, stored(score));
      return Change.UPDATED;
    }
    if (listpack && (length + 1L > maxEntries || member.length > maxValue)) {
      listpack = false;
    }
    link(key, stored(score));
    return Change.ADDED;
  }

  /** A listpack holds integral scores as integers: negative zero comes back as 0. */
  private double stored(double score) {
    return listpack && score == 0 ? 0.0 : score;
  }

  /** Removes a member; false when it was not there. O(log N). */
  public boolean remove(byte[] member) {
    Node n = dict.get(key(member));
    if (n == null) {
      return false;
    }
    unlink(n);
    forget(n);
    return true;
  }

  /** The first (lowest) node, or null when empty. */
  public Node first() {
    return header.forward[0];
  }

  /** The last (highest) node, or null when empty. */
  public Node last() {
    return tail;
  }

  /** The member's 0-based rank in ascending order, or -1 when it is not in the set. O(log N). */
  public long rank(byte[] member) {
    Node n = node(member);
    return n == null ? -1 : rankOf(n) - 1;
  }

  /** The node at a 0-based rank in [0, size), or null outside. O(log N). */
  public Node at(long rank) {
    return rank < 0 || rank >= length ? null : byRank(rank + 1);
  }

  /**
   * The node {@code offset} (>= 0) places after {@code from}, or before it when {@code backwards};
   * null past either end. O(log N) whatever the offset.
   */
  public Node step(Node from, long offset, boolean backwards) {
    if (offset >= length) {
      return null;
    }
    long target = rankOf(from) + (backwards ? -offset : offset);
    return target < 1 || target > length ? null : byRank(target);
  }

  /** Every member in ascending order (SORT's view of a sorted set). */
  public List<byte[]> members() {
    List<byte[]> out = new ArrayList<>(length);
    for (Node n = first(); n != null; n = n.next()) {
      out.add(n.key.bytes);
    }
    return out;
  }

  // ---------------------------------------------------------------- ranges

  /** The lowest node within the range, or null. O(log N). */
  public Node firstInRange(ScoreRange range) {
    if (range.isEmpty() || tail == null || !range.aboveMin(tail.score)
        || !range.belowMax(first().score)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].score)) {
        x = x.forward[i];
      }
    }
    x = x.forward[0];
    return x != null && range.belowMax(x.score) ? x : null;
  }

  /** The highest node within the range, or null. O(log N). */
  public Node lastInRange(ScoreRange range) {
    if (range.isEmpty() || tail == null || !range.aboveMin(tail.score)
        || !range.belowMax(first().score)) {
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && range.belowMax(x.forward[i].score)) {
        x = x.forward[i];
      }
    }
    return x != header && range.aboveMin(x.score) ? x : null;
  }

  /**
   * The lowest node within the member range, or null. O(log N) on a skiplist; a listpack is scanned
   * from its lowest member, as Redis does: the two differ only when scores differ, where Redis
   * leaves the result unspecified and a listpack's is what Redis answers.
   */
  public Node firstInRange(LexRange range) {
    if (!mayHave(range)) {
      return null;
    }
    if (listpack) {
      for (Node n = first(); n != null; n = n.next()) {
        if (range.aboveMin(n.key.bytes)) {
          return range.belowMax(n.key.bytes) ? n : null;
        }
      }
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].key.bytes)) {
        x = x.forward[i];
      }
    }
    x = x.forward[0];
    return x != null && range.belowMax(x.key.bytes) ? x : null;
  }

  /** The highest node within the member range, or null; a listpack is scanned from its highest. */
  public Node lastInRange(LexRange range) {
    if (!mayHave(range)) {
      return null;
    }
    if (listpack) {
      for (Node n = tail; n != null; n = n.backward) {
        if (range.belowMax(n.key.bytes)) {
          return range.aboveMin(n.key.bytes) ? n : null;
        }
      }
      return null;
    }
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && range.belowMax(x.forward[i].key.bytes)) {
        x = x.forward[i];
      }
    }
    return x != header && range.aboveMin(x.key.bytes) ? x : null;
  }

  /** Redis's zslIsInLexRange: the range is not empty, and the set's ends do not exclude it. */
  private boolean mayHave(LexRange range) {
    return !range.isEmpty() && tail != null && range.aboveMin(tail.key.bytes)
        && range.belowMax(first().key.bytes);
  }

  /** How many members have a score in the range: two ranks, O(log N). */
  public long count(ScoreRange range) {
    Node first = firstInRange(range);
    return first == null ? 0 : rankOf(lastInRange(range)) - rankOf(first) + 1;
  }

  /**
   * How many members are in the member range: two ranks, O(log N); a listpack counts from the
   * first one in range while they stay below the maximum, as Redis does.
   */
  public long count(LexRange range) {
    Node first = firstInRange(range);
    if (first == null) {
      return 0;
    }
    if (listpack) {
      long count = 0;
      for (Node n = first; n != null && range.belowMax(n.key.bytes); n = n.next()) {
        count++;
      }
      return count;
    }
    return rankOf(lastInRange(range)) - rankOf(first) + 1;
  }

  /** Removes the members at 0-based ranks start..end (both within the set). O(log N + M). */
  public long removeRange(long start, long end) {
    Node[] update = this.update;
    long traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] < start + 1) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    long removed = 0;
    for (long rank = start; x != null && rank <= end; rank++) {
      Node next = x.forward[0];
      deleteNode(x, update);
      forget(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /** Removes the members whose score is in the range. O(log N + M). */
  public long removeRange(ScoreRange range) {
    Node[] update = this.update;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].score)) {
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    long removed = 0;
    while (x != null && range.belowMax(x.score)) {
      Node next = x.forward[0];
      deleteNode(x, update);
      forget(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /**
   * Removes the members in the member range, from the first one in range while they stay below
   * the maximum. O(log N + M).
   */
  public long removeRange(LexRange range) {
    if (listpack) {
      long removed = 0;
      for (Node n = firstInRange(range); n != null && range.belowMax(n.key.bytes); ) {
        Node next = n.next();
        remove(n.key.bytes);
        removed++;
        n = next;
      }
      return removed;
    }
    Node[] update = this.update;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && !range.aboveMin(x.forward[i].key.bytes)) {
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    long removed = 0;
    while (x != null && range.belowMax(x.key.bytes)) {
      Node next = x.forward[0];
      deleteNode(x, update);
      forget(x);
      removed++;
      x = next;
    }
    return removed;
  }

  // ---------------------------------------------------------------- encodings

  /**
   * What Redis 7.0 does to a set a command built from scratch (zsetConvertToListpackIfNeeded, for
   * ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE): a skiplist within both limits becomes a listpack, whose
   * scores are then stored as a listpack stores them.
   */
  public void fitEncoding(long maxEntries, long maxValue) {
    if (listpack || length > maxEntries) {
      return;
    }
    for (Node n = first(); n != null; n = n.next()) {
      if (n.key.bytes.length > maxValue) {
        return;
      }
    }
    listpack = true;
    hashOrder = null;
    for (Node n = first(); n != null; n = n.next()) {
      n.score = stored(n.score);
    }
  }

  /** What Redis 7.0's SORT does to the set it reads (zsetConvert): a listpack becomes a skiplist. */
  public void toSkiplist() {
    listpack = false;
  }

  /** One ZSCAN step: the cursor to continue from (0 when done), members and scores flattened. */
  public record ScanPage(long cursor, List<byte[]> membersAndScores) {}

  /**
   * A listpack answers everything at once with cursor 0, in score order, each score as the listpack
   * holds it. A skiplist visits about {@code count} members from the cursor's position in hash
   * order, scores as {@code %.17g}.
   *
   * @param matches decides which visited members are returned (MATCH)
   */
  public ScanPage scan(long cursor, long count, Predicate<byte[]> matches) {
    List<byte[]> out = new ArrayList<>();
    if (listpack) {
      for (Node n = first(); n != null; n = n.next()) {
        if (matches.test(n.key.bytes)) {
          out.add(n.key.bytes);
          out.add(ascii(ScoreText.listpack(n.score)));
        }
      }
      return new ScanPage(0, out);
    }
    if (hashOrder == null) {
      hashOrder = new TreeSet<>(dict.keySet());
    }
    HashCursor.Page page = HashCursor.page(hashOrder, cursor, count);
    for (Key k : page.visited()) {
      if (matches.test(k.bytes)) {
        out.add(k.bytes);
        out.add(ascii(ScoreText.g17(dict.get(k).score)));
      }
    }
    return new ScanPage(page.next(), out);
  }

  /**
   * A score as Redis 7.0 replies with it, in a RESP2 bulk string or a RESP3 double alike:
   * {@code %.17g} ("0.10000000000000001", "1e+17", "-0", "inf").
   */
  public static String formatScore(double score) {
    return ScoreText.g17(score);
  }

  // ---------------------------------------------------------------- the skiplist

  /** Whether node n sorts before (score, member). */
  private static boolean before(Node n, double score, byte[] member) {
    return n.score < score || (n.score == score && Arrays.compareUnsigned(n.key.bytes, member) < 0);
  }

  /** Inserts a member known to be absent, in the dict, the hash order and the skiplist. */
  private void link(Key key, double score) {
    dict.put(key, insert(key, score));
    if (hashOrder != null) {
      hashOrder.add(key);
    }
  }

  /** Inserts a new node into the skiplist alone. */
  private Node insert(Key key, double score) {
    Node n = new Node(key, score, randomLevel());
    insertNode(n);
    return n;
  }

  /** Links a node that is in no list (new, or unlinked to move) at the place its score gives. */
  private void insertNode(Node n) {
    double score = n.score;
    byte[] member = n.key.bytes;
    Node[] update = this.update;
    int[] rank = updateRank;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      Node next;
      while ((next = x.forward[i]) != null && before(next, score, member)) {
        rank[i] += x.span[i];
        x = next;
      }
      update[i] = x;
    }
    int levels = n.forward.length;
    if (levels > level) {
      for (int i = level; i < levels; i++) {
        rank[i] = 0;
        update[i] = header;
        header.span[i] = length;
      }
      level = levels;
    }
    for (int i = 0; i < levels; i++) {
      n.forward[i] = update[i].forward[i];
      update[i].forward[i] = n;
      // The new node sits rank[0] - rank[i] places after update[i].
      n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = rank[0] - rank[i] + 1;
    }
    for (int i = levels; i < level; i++) {
      update[i].span[i]++; // links that jump over the new node
    }
    n.backward = update[0] == header ? null : update[0];
    if (n.forward[0] != null) {
      n.forward[0].backward = n;
    } else {
      tail = n;
    }
    length++;
  }

  /** Takes a node out of the skiplist (the dict and hash order keep it). */
  private void unlink(Node n) {
    Node[] update = this.update;
    double score = n.score;
    byte[] member = n.key.bytes;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      Node next;
      while ((next = x.forward[i]) != null && before(next, score, member)) {
        x = next;
      }
      update[i] = x;
    }
    deleteNode(n, update);
  }

  /** Unlinks n, given the last node before it at every level. */
  private void deleteNode(Node n, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].forward[i] == n) {
        update[i].span[i] += n.span[i] - 1;
        update[i].forward[i] = n.forward[i];
      } else {
        update[i].span[i]--;
      }
    }
    if (n.forward[0] != null) {
      n.forward[0].backward = n.backward;
    } else {
      tail = n.backward;
    }
    while (level > 1 && header.forward[level - 1] == null) {
      level--;
    }
    length--;
  }

  private void forget(Node n) {
    dict.remove(n.key);
    if (hashOrder != null) {
      hashOrder.remove(n.key);
    }
  }

  /** A new score: in place when the order stays right, else out and back in. */
  private void setScore(Node n, double score) {
    boolean staysAfterPrevious = n.backward == null || n.backward.score < score;
    boolean staysBeforeNext = n.forward[0] == null || n.forward[0].score > score;
    if (staysAfterPrevious && staysBeforeNext) {
      n.score = score;
      return;
    }
    // Redis frees the node and inserts a new one; the same node, moved, spares the allocation.
    unlink(n);
    n.score = score;
    insertNode(n);
  }

  /** 1-based rank of a node in the set. */
  private long rankOf(Node n) {
    long rank = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && (x.forward[i] == n || before(x.forward[i], n.score,
          n.key.bytes))) {
        rank += x.span[i];
        x = x.forward[i];
      }
      if (x == n) {
        return rank;
      }
    }
    throw new IllegalStateException("node not in this set");
  }

  /** The node at a 1-based rank in [1, length]. */
  private Node byRank(long rank) {
    long traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      if (traversed == rank) {
        return x;
      }
    }
    return null;
  }

  /** 1, then one more level with probability 1/4 each time, as Redis's zslRandomLevel. */
  private int randomLevel() {
    int levels = 1;
    while (levels < MAX_LEVEL && (nextRandom() & 0xFFFF) < 0x4000) {
      levels++;
    }
    return levels;
  }

  private long nextRandom() {
    long x = random;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    random = x;
    return (x * 0x2545F4914F6CDD1DL) >>> 32;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(encoding()).append('[');
    for (Node n = first(); n != null; n = n.next()) {
      if (n != first()) {
        sb.append(", ");
      }
      sb.append(new String(n.key.bytes, StandardCharsets.ISO_8859_1)).append('=')
          .append(ScoreText.g17(n.score));
    }
    return sb.append(']').toString();
  }
}
