package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.keyspace.ZSetValue.Node;
import dev.cortado.keyspace.ZSetValue.ScoreRange;
import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The geo commands, after Redis 7.0's geo.c. A geo set is a sorted set whose scores are 52-bit
 * geohashes ({@link GeoHash}): GEOADD is ZADD with computed scores (it runs ZADD itself, so its
 * options, events and encodings are ZADD's), and the searches read the sorted set one score range
 * per geohash cell, nine cells at most, never the whole set.
 *
 * <p>Search results come in Redis's order: cell by cell in Redis's scan order, by score within a
 * cell; ASC and DESC sort them as glibc's qsort does (a stable merge sort), and COUNT without ANY
 * sorts only the first COUNT places with Redis's partial quicksort ({@link #partialSort}), so ties
 * among equal distances come out as Redis leaves them.
 */
final class GeoCommands {
  private GeoCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("GeoCommands");
      String g = "geo";
      String radiusCost = "O(N+log(M)) where N is the number of elements inside the bounding box of "
          + "the circular area delimited by center and radius and M is the number of items inside "
          + "the index.";
      String searchCost = "O(N+log(M)) where N is the number of elements in the grid-aligned "
          + "bounding box area around the shape provided as the filter and M is the number of items "
          + "inside the shape";
      String searchSummary = "Query a sorted set representing a geospatial index to fetch members "
          + "inside an area of a box or a circle";
      t.add("geoadd", -5, WRITE | DENYOOM, 1, 1, 1, g, "Add one or more geospatial items in the "
          + "geospatial index represented using a sorted set", "geoadd")
          .docs("3.2.0", "O(log(N)) for each item added, where N is the number of elements in the "
              + "sorted set.");
      t.add("geopos", -2, READONLY, 1, 1, 1, g, "Returns longitude and latitude of members of a "
          + "geospatial index", "geopos")
          .docs("3.2.0", "O(N) where N is the number of members requested.");
      t.add("geodist", -4, READONLY, 1, 1, 1, g, "Returns the distance between two members of a "
          + "geospatial index", "geodist").docs("3.2.0", "O(log(N))");
      t.add("geohash", -2, READONLY, 1, 1, 1, g, "Returns members of a geospatial index as "
          + "standard geohash strings", "geohash")
          .docs("3.2.0", "O(log(N)) for each member requested, where N is the number of elements "
              + "in the sorted set.");
      t.add("geosearch", -7, READONLY, 1, 1, 1, g, searchSummary + ".", "geosearch")
          .docs("6.2.0", searchCost);
      t.add("geosearchstore", -8, WRITE | DENYOOM, 1, 2, 1, g, searchSummary + ", and store the "
          + "result in another key.", "geosearchstore")
          .docs("6.2.0", searchCost)
          .keySpecs(KeySpec.key(1, "OW", "update"), KeySpec.key(2, "RO", "access"));
      // STORE and STOREDIST name a destination among the options: movablekeys, keyword specs.
      t.add("georadius", -6, WRITE | DENYOOM | MOVABLE_KEYS, 1, 1, 1, g, "Query a sorted set "
          + "representing a geospatial index to fetch members matching a given maximum distance "
          + "from a point", "georadius").docs("3.2.0", radiusCost).keySpecs(KeySpec.geoStores(6));
      t.add("georadius_ro", -6, READONLY, 1, 1, 1, g, "A read-only variant for GEORADIUS",
          "georadiusRo").docs("3.2.10", radiusCost);
      t.add("georadiusbymember", -5, WRITE | DENYOOM | MOVABLE_KEYS, 1, 1, 1, g, "Query a sorted "
          + "set representing a geospatial index to fetch members matching a given maximum "
          + "distance from a member", "georadiusbymember")
          .docs("3.2.0", radiusCost).keySpecs(KeySpec.geoStores(5));
      t.add("georadiusbymember_ro", -5, READONLY, 1, 1, 1, g, "A read-only variant for "
          + "GEORADIUSBYMEMBER", "georadiusbymemberRo").docs("3.2.10", radiusCost);
    }
  }

  // ---------------------------------------------------------------- GEOADD

  /**
   * GEOADD key [NX|XX] [CH] lon lat member [lon lat member ...]: the options, the argument count
   * and every pair checked first, then ZADD runs with the scores in place of the pairs, as Redis
   * rewrites the command (so the event is "zadd").
   */
  static Reply geoadd(Call c) {
    boolean nx = false;
    boolean xx = false;
    int longIdx = 2;
    for (; longIdx < c.argc(); longIdx++) {
      if (c.is(longIdx, "nx")) {
        nx = true;
      } else if (c.is(longIdx, "xx")) {
        xx = true;
      } else if (!c.is(longIdx, "ch")) {
        break;
      }
    }
    if ((c.argc() - longIdx) % 3 != 0 || (xx && nx)) {
      throw Call.error(Errors.SYNTAX);
    }
    int elements = (c.argc() - longIdx) / 3;
    byte[][] zadd = new byte[longIdx + elements * 2][];
    zadd[0] = ZADD;
    System.arraycopy(c.args, 1, zadd, 1, longIdx - 1);
    double[] xy = new double[2];
    for (int i = 0; i < elements; i++) {
      lonLat(c, longIdx + i * 3, xy);
      long bits = GeoHash.encodeWgs84(xy[0], xy[1]);
      zadd[longIdx + i * 2] = Long.toString(bits).getBytes(StandardCharsets.US_ASCII);
      zadd[longIdx + i * 2 + 1] = c.arg(longIdx + i * 3 + 2);
    }
    return ZSetCommands.zadd(new Call(zadd, c.connection, c.server, c.spec, c.dispatcher));
  }

  private static final byte[] ZADD = "zadd".getBytes(StandardCharsets.US_ASCII);

  // ---------------------------------------------------------------- GEOPOS, GEOHASH, GEODIST

  // GEOPOS key member [member ...]: a missing member (or key) is a null array.
  static Reply geopos(Call c) {
    ZSetValue z = asZSet(c.db().lookupRead(c.arg(1)));
    List<Reply> out = new ArrayList<>(c.argc() - 2);
    double[] xy = new double[2];
    double[] scratch = new double[4];
    for (int j = 2; j < c.argc(); j++) {
      Double score = z == null ? null : z.score(c.arg(j));
      if (score == null) {
        out.add(Reply.NULL_ARRAY);
        continue;
      }
      GeoHash.decodeScore(score, xy, scratch);
      out.add(coordinates(xy[0], xy[1]));
    }
    return Reply.array(out);
  }

  // GEOHASH key member [member ...]
  static Reply geohash(Call c) {
    ZSetValue z = asZSet(c.db().lookupRead(c.arg(1)));
    List<Reply> out = new ArrayList<>(c.argc() - 2);
    for (int j = 2; j < c.argc(); j++) {
      Double score = z == null ? null : z.score(c.arg(j));
      out.add(score == null ? Reply.NULL : Reply.bulk(GeoHash.standardHash(score)));
    }
    return Reply.array(out);
  }

  // GEODIST key member1 member2 [unit]: the unit is read before the key is looked up.
  static Reply geodist(Call c) {
    double toMeters = 1;
    if (c.argc() == 5) {
      toMeters = unit(c, 4);
    } else if (c.argc() > 5) {
      throw Call.error(Errors.SYNTAX);
    }
    ZSetValue z = asZSet(c.db().lookupRead(c.arg(1)));
    if (z == null) {
      return Reply.NULL;
    }
    Double score1 = z.score(c.arg(2));
    Double score2 = score1 == null ? null : z.score(c.arg(3));
    if (score2 == null) {
      return Reply.NULL;
    }
    double[] xy1 = new double[2];
    double[] xy2 = new double[2];
    double[] scratch = new double[4];
    GeoHash.decodeScore(score1, xy1, scratch);
    GeoHash.decodeScore(score2, xy2, scratch);
    return distance(GeoHash.distance(xy1[0], xy1[1], xy2[0], xy2[1]) / toMeters);
  }

  // ---------------------------------------------------------------- searches

  /** Which search command runs: Redis's flags for georadiusGeneric. */
  private static final int RADIUS_COORDS = 1;
  private static final int RADIUS_MEMBER = 1 << 1;
  private static final int NO_STORE = 1 << 2;
  private static final int SEARCH = 1 << 3;
  private static final int SEARCH_STORE = 1 << 4;

  // GEORADIUS key lon lat radius unit [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT n [ANY]]
  //   [ASC|DESC] [STORE key | STOREDIST key]
  static Reply georadius(Call c) {
    return search(c, 1, RADIUS_COORDS);
  }

  static Reply georadiusRo(Call c) {
    return search(c, 1, RADIUS_COORDS | NO_STORE);
  }

  // GEORADIUSBYMEMBER key member radius unit [options as GEORADIUS]
  static Reply georadiusbymember(Call c) {
    return search(c, 1, RADIUS_MEMBER);
  }

  static Reply georadiusbymemberRo(Call c) {
    return search(c, 1, RADIUS_MEMBER | NO_STORE);
  }

  // GEOSEARCH key FROMMEMBER member|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit
  //   [ASC|DESC] [COUNT n [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]
  static Reply geosearch(Call c) {
    return search(c, 1, SEARCH);
  }

  // GEOSEARCHSTORE dst src FROM... BY... [ASC|DESC] [COUNT n [ANY]] [STOREDIST]
  static Reply geosearchstore(Call c) {
    return search(c, 2, SEARCH | SEARCH_STORE);
  }

  private static final int SORT_NONE = 0;
  private static final int SORT_ASC = 1;
  private static final int SORT_DESC = 2;

  /** One member found: where it is, its distance from the centre (meters), score and name. */
  private static final class Point {
    final byte[] member;
    final double score;
    final double lon;
    final double lat;
    double dist;

    Point(byte[] member, double score, double lon, double lat, double dist) {
      this.member = member;
      this.score = score;
      this.lon = lon;
      this.lat = lat;
      this.dist = dist;
    }
  }

  /**
   * Redis's georadiusGeneric: the source key's type first, then the centre and shape the command
   * fixes, then the options left to right (each failing as it is read), then the conflicts
   * between them, and only then a missing source (an empty reply, or the destination deleted).
   */
  private static Reply search(Call c, int srcKeyIdx, int flags) {
    byte[] storeKey = null;
    boolean storeDist = false;
    ZSetValue z = asZSet(c.db().lookupRead(c.arg(srcKeyIdx)));
    GeoHash.Shape shape = new GeoHash.Shape();
    double[] xy = new double[2];
    int baseArgs;
    if ((flags & RADIUS_COORDS) != 0) {
      baseArgs = 6;
      lonLat(c, 2, xy);
      shape.lon = xy[0];
      shape.lat = xy[1];
      radius(c, baseArgs - 2, shape);
    } else if ((flags & RADIUS_MEMBER) != 0 && z == null) {
      baseArgs = 5; // nothing to decode: the options still decide the reply's kind
    } else if ((flags & RADIUS_MEMBER) != 0) {
      baseArgs = 5;
      memberPosition(z, c.arg(2), shape);
      radius(c, baseArgs - 2, shape);
    } else {
      baseArgs = 2;
      if ((flags & SEARCH_STORE) != 0) {
        baseArgs = 3;
        storeKey = c.arg(1);
      }
    }

    boolean withDist = false;
    boolean withHash = false;
    boolean withCoords = false;
    boolean fromMember = false;
    boolean fromLonLat = false;
    boolean byRadius = false;
    boolean byBox = false;
    int sort = SORT_NONE;
    boolean any = false;
    long count = 0;
    int remaining = c.argc() - baseArgs;
    boolean search = (flags & SEARCH) != 0;
    boolean storable = (flags & (NO_STORE | SEARCH)) == 0;
    for (int i = 0; i < remaining; i++) {
      int a = baseArgs + i;
      if (c.is(a, "withdist")) {
        withDist = true;
      } else if (c.is(a, "withhash")) {
        withHash = true;
      } else if (c.is(a, "withcoord")) {
        withCoords = true;
      } else if (c.is(a, "any")) {
        any = true;
      } else if (c.is(a, "asc")) {
        sort = SORT_ASC;
      } else if (c.is(a, "desc")) {
        sort = SORT_DESC;
      } else if (c.is(a, "count") && i + 1 < remaining) {
        count = c.longArg(a + 1);
        if (count <= 0) {
          throw Call.error(Errors.GEO_COUNT_NOT_POSITIVE);
        }
        i++;
      } else if (c.is(a, "store") && i + 1 < remaining && storable) {
        storeKey = c.arg(a + 1);
        storeDist = false;
        i++;
      } else if (c.is(a, "storedist") && i + 1 < remaining && storable) {
        storeKey = c.arg(a + 1);
        storeDist = true;
        i++;
      } else if (c.is(a, "storedist") && search && (flags & SEARCH_STORE) != 0) {
        storeDist = true;
      } else if (c.is(a, "frommember") && i + 1 < remaining && search && !fromLonLat) {
        if (z != null) { // a missing source is answered once every option is read
          memberPosition(z, c.arg(a + 1), shape);
        }
        fromMember = true;
        i++;
      } else if (c.is(a, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
        lonLat(c, a + 1, xy);
        shape.lon = xy[0];
        shape.lat = xy[1];
        fromLonLat = true;
        i += 2;
      } else if (c.is(a, "byradius") && i + 2 < remaining && search && !byBox) {
        radius(c, a + 1, shape);
        byRadius = true;
        i += 2;
      } else if (c.is(a, "bybox") && i + 3 < remaining && search && !byRadius) {
        box(c, a + 1, shape);
        byBox = true;
        i += 3;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }

    if (storeKey != null && (withDist || withHash || withCoords)) {
      throw Call.error((flags & SEARCH_STORE) != 0 ? Errors.GEOSEARCHSTORE_WITH
          : Errors.GEORADIUS_STORE_WITH);
    }
    if (search && !(fromMember || fromLonLat)) {
      throw Call.error(Errors.geoFromRequired(c.str(0)));
    }
    if (search && !(byRadius || byBox)) {
      throw Call.error(Errors.geoByRequired(c.str(0)));
    }
    if (any && count == 0) {
      throw Call.error(Errors.GEO_ANY_WITHOUT_COUNT);
    }

    if (z == null) {
      if (storeKey != null) {
        if (c.db().remove(storeKey) != null) {
          c.notify(KeyspaceEvents.GENERIC, "del", storeKey);
        }
        return Reply.ZERO;
      }
      return Reply.EMPTY_ARRAY;
    }

    // COUNT without an order keeps the nearest: ascending, unless ANY takes the first found.
    if (count != 0 && sort == SORT_NONE && !any) {
      sort = SORT_ASC;
    }
    List<Point> found = scan(z, shape, any ? count : 0);
    if (found.isEmpty() && storeKey == null) {
      return Reply.EMPTY_ARRAY;
    }
    int resultLength = found.size();
    int returned = count == 0 || resultLength < count ? resultLength : (int) count;
    if (sort != SORT_NONE) {
      Comparator<Point> order = sort == SORT_ASC ? ASCENDING : DESCENDING;
      if (returned == resultLength) {
        found.sort(order); // glibc's qsort is a merge sort: stable
      } else {
        partialSort(found, order, 0, returned - 1);
      }
    }

    if (storeKey == null) {
      return reply(c, found, returned, shape.conversion, withDist, withHash, withCoords);
    }
    ZSetValue result = ZSetValue.skiplist();
    for (int i = 0; i < returned; i++) {
      Point p = found.get(i);
      p.dist /= shape.conversion;
      result.put(p.member, storeDist ? p.dist : p.score, Long.MAX_VALUE, Long.MAX_VALUE);
    }
    if (returned > 0) {
      result.fitEncoding(c.server.config.number("zset-max-listpack-entries"),
          c.server.config.number("zset-max-listpack-value"));
      c.db().put(storeKey, result);
      c.notify(KeyspaceEvents.ZSET, search ? "geosearchstore" : "georadiusstore", storeKey);
    } else if (c.db().remove(storeKey) != null) {
      c.notify(KeyspaceEvents.GENERIC, "del", storeKey);
    }
    return Reply.integer(returned);
  }

  /** Redis's sort_gp_asc and sort_gp_desc (its negation), NaN distances included. */
  private static final Comparator<Point> ASCENDING =
      (a, b) -> a.dist > b.dist ? 1 : a.dist == b.dist ? 0 : -1;
  private static final Comparator<Point> DESCENDING = (a, b) -> -ASCENDING.compare(a, b);

  /**
   * The members within the shape, cell by cell (membersOfAllNeighbors): each cell is one score
   * range [min, max) of the sorted set. A cell equal to the one scanned last is skipped, except
   * after the centre cell, as in Redis. With a limit (ANY), the scan stops once it has enough.
   */
  private static List<Point> scan(ZSetValue z, GeoHash.Shape shape, long limit) {
    long[] cells = new long[18];
    GeoHash.areas(shape, cells);
    List<Point> found = new ArrayList<>();
    double[] xy = new double[2];
    double[] scratch = new double[4];
    double[] dist = new double[1];
    int lastProcessed = 0;
    for (int i = 0; i < 9; i++) {
      long bits = cells[2 * i];
      int step = (int) cells[2 * i + 1];
      if (bits == 0 && step == 0) {
        continue;
      }
      if (lastProcessed != 0 && bits == cells[2 * lastProcessed]
          && step == cells[2 * lastProcessed + 1]) {
        continue;
      }
      if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
        break;
      }
      double min = GeoHash.align52(bits, step);
      double max = GeoHash.align52(bits + 1, step);
      ScoreRange range = new ScoreRange(min, false, max, true);
      for (Node n = z.firstInRange(range); n != null && n.score() < max; n = n.next()) {
        double score = n.score();
        GeoHash.decodeScore(score, xy, scratch);
        if (shape.contains(xy[0], xy[1], dist)) {
          found.add(new Point(n.member(), score, xy[0], xy[1], dist[0]));
        }
        if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
          break;
        }
      }
      lastProcessed = i;
    }
    return found;
  }

  /** The reply: members alone, or [member, dist?, hash?, [lon, lat]?] for each. */
  private static Reply reply(Call c, List<Point> found, int returned, double conversion,
      boolean withDist, boolean withHash, boolean withCoords) {
    boolean nested = withDist || withHash || withCoords;
    List<Reply> out = new ArrayList<>(returned);
    for (int i = 0; i < returned; i++) {
      Point p = found.get(i);
      p.dist /= conversion;
      Reply member = Reply.bulk(p.member);
      if (!nested) {
        out.add(member);
        continue;
      }
      List<Reply> item = new ArrayList<>(4);
      item.add(member);
      if (withDist) {
        item.add(distance(p.dist));
      }
      if (withHash) {
        item.add(Reply.integer(GeoHash.cvttsd2si(p.score)));
      }
      if (withCoords) {
        item.add(coordinates(p.lon, p.lat));
      }
      out.add(Reply.array(item));
    }
    return Reply.array(out);
  }

  // ---------------------------------------------------------------- Redis's partial quicksort

  /**
   * Redis's pqsort (NetBSD's qsort, after Bentley and McIlroy, that leaves alone the parts of the
   * array outside [lrange, rrange]): rewritten here because which of several equally distant
   * points COUNT keeps, and in what order, is decided by its exact swaps. As in Redis 7.0.15, a
   * partition that swapped nothing does not fall back to an insertion sort (Redis removed that
   * quadratic path), so the recursion goes on.
   */
  static <T> void partialSort(List<T> list, Comparator<? super T> cmp, int lrange, int rrange) {
    @SuppressWarnings("unchecked")
    T[] a = (T[]) list.toArray();
    pqsort(a, 0, a.length, cmp, lrange, rrange);
    for (int i = 0; i < a.length; i++) {
      list.set(i, a[i]);
    }
  }

  private static <T> void pqsort(T[] x, int a, int n, Comparator<? super T> cmp, int lrange,
      int rrange) {
    while (true) {
      if (n < 7) {
        insertionSort(x, a, n, cmp);
        return;
      }
      int pm = a + n / 2;
      if (n > 7) {
        int pl = a;
        int pn = a + n - 1;
        if (n > 40) {
          int d = n / 8;
          pl = med3(x, pl, pl + d, pl + 2 * d, cmp);
          pm = med3(x, pm - d, pm, pm + d, cmp);
          pn = med3(x, pn - 2 * d, pn - d, pn, cmp);
        }
        pm = med3(x, pl, pm, pn, cmp);
      }
      swap(x, a, pm);
      int pa = a + 1;
      int pb = pa;
      int pc = a + n - 1;
      int pd = pc;
      while (true) {
        int r;
        while (pb <= pc && (r = cmp.compare(x[pb], x[a])) <= 0) {
          if (r == 0) {
            swap(x, pa, pb);
            pa++;
          }
          pb++;
        }
        while (pb <= pc && (r = cmp.compare(x[pc], x[a])) >= 0) {
          if (r == 0) {
            swap(x, pc, pd);
            pd--;
          }
          pc--;
        }
        if (pb > pc) {
          break;
        }
        swap(x, pb, pc);
        pb++;
        pc--;
      }
      int pn = a + n;
      int r = Math.min(pa - a, pb - pa);
      vecswap(x, a, pb - r, r);
      r = Math.min(pd - pc, pn - pd - 1);
      vecswap(x, pb, pn - r, r);
      if ((r = pb - pa) > 1) {
        int lo = a;
        int hi = a + r - 1;
        if (!((lrange < lo && rrange < lo) || (lrange > hi && rrange > hi))) {
          pqsort(x, a, r, cmp, lrange, rrange);
        }
      }
      if ((r = pd - pc) > 1) {
        a = pn - r;
        n = r;
        int lo = a;
        int hi = a + r - 1;
        if (!((lrange < lo && rrange < lo) || (lrange > hi && rrange > hi))) {
          continue;
        }
      }
      return;
    }
  }

  private static <T> void insertionSort(T[] x, int a, int n, Comparator<? super T> cmp) {
    for (int pm = a + 1; pm < a + n; pm++) {
      for (int pl = pm; pl > a && cmp.compare(x[pl - 1], x[pl]) > 0; pl--) {
        swap(x, pl, pl - 1);
      }
    }
  }

  private static <T> int med3(T[] x, int a, int b, int c, Comparator<? super T> cmp) {
    return cmp.compare(x[a], x[b]) < 0
        ? (cmp.compare(x[b], x[c]) < 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? c : a))
        : (cmp.compare(x[b], x[c]) > 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? a : c));
  }

  private static <T> void swap(T[] x, int i, int j) {
    T t = x[i];
    x[i] = x[j];
    x[j] = t;
  }

  private static <T> void vecswap(T[] x, int i, int j, int n) {
    for (int k = 0; k < n; k++) {
      swap(x, i + k, j + k);
    }
  }

  // ---------------------------------------------------------------- arguments

  /**
   * A longitude and latitude (extractLongLatOrReply): two floats as getDoubleFromObject reads
   * them, then Redis's limits, whose error prints both with {@code %f}.
   */
  private static void lonLat(Call c, int i, double[] xy) {
    for (int k = 0; k < 2; k++) {
      double d = Strtod.string2d(c.arg(i + k));
      if (Double.isNaN(d)) {
        throw Call.error(Errors.NOT_FLOAT);
      }
      xy[k] = d;
    }
    if (xy[0] < GeoHash.LONG_MIN || xy[0] > GeoHash.LONG_MAX || xy[1] < GeoHash.LAT_MIN
        || xy[1] > GeoHash.LAT_MAX) {
      throw Call.error(Errors.geoInvalidLonLat(GeoHash.fixed(xy[0], 6),
          GeoHash.fixed(xy[1], 6)));
    }
  }

  /** The position of a member of the source set, or Redis's error when it is not there. */
  private static void memberPosition(ZSetValue z, byte[] member, GeoHash.Shape shape) {
    Double score = z.score(member);
    if (score == null) {
      throw Call.error(Errors.GEO_MEMBER_NOT_DECODED);
    }
    double[] xy = new double[2];
    GeoHash.decodeScore(score, xy, new double[4]);
    shape.lon = xy[0];
    shape.lat = xy[1];
  }

  /** radius unit (extractDistanceOrReply): a float, not negative, then the unit. */
  private static void radius(Call c, int i, GeoHash.Shape shape) {
    double r = float64(c, i, Errors.GEO_RADIUS_NOT_NUMERIC);
    if (r < 0) {
      throw Call.error(Errors.GEO_RADIUS_NEGATIVE);
    }
    shape.radius = r;
    shape.conversion = unit(c, i + 1);
    shape.box = false;
  }

  /** width height unit (extractBoxOrReply): two floats, neither negative, then the unit. */
  private static void box(Call c, int i, GeoHash.Shape shape) {
    double w = float64(c, i, Errors.GEO_WIDTH_NOT_NUMERIC);
    double h = float64(c, i + 1, Errors.GEO_HEIGHT_NOT_NUMERIC);
    if (h < 0 || w < 0) {
      throw Call.error(Errors.GEO_BOX_NEGATIVE);
    }
    shape.height = h;
    shape.width = w;
    shape.conversion = unit(c, i + 2);
    shape.box = true;
  }

  private static double float64(Call c, int i, String error) {
    double d = Strtod.string2d(c.arg(i));
    if (Double.isNaN(d)) {
      throw Call.error(error);
    }
    return d;
  }

  /** Meters per unit: m, km, ft or mi, in any case. */
  private static double unit(Call c, int i) {
    byte[] u = c.arg(i);
    // strcasecmp stops at a NUL: "km\0x" is "km" to Redis.
    int end = 0;
    while (end < u.length && u[end] != 0) {
      end++;
    }
    byte[] word = end == u.length ? u : Arrays.copyOf(u, end);
    if (Ascii.equalsIgnoreCase(word, "m")) {
      return 1;
    } else if (Ascii.equalsIgnoreCase(word, "km")) {
      return 1000;
    } else if (Ascii.equalsIgnoreCase(word, "ft")) {
      return 0.3048;
    } else if (Ascii.equalsIgnoreCase(word, "mi")) {
      return 1609.34;
    }
    throw Call.error(Errors.GEO_UNKNOWN_UNIT);
  }

  // ---------------------------------------------------------------- replies

  /** A distance: {@code %.4f}, a bulk string in RESP2 and RESP3 alike. */
  private static Reply distance(double d) {
    return Reply.bulk(GeoHash.fixed(d, 4));
  }

  /** [longitude, latitude] as human long doubles: bulk strings in RESP2, doubles in RESP3. */
  private static Reply coordinates(double lon, double lat) {
    return Reply.array(List.of(Reply.dbl(GeoHash.human(lon)), Reply.dbl(GeoHash.human(lat))));
  }

  private static ZSetValue asZSet(Value v) {
    if (v == null || v instanceof ZSetValue) {
      return (ZSetValue) v;
    }
    throw Call.error(Errors.WRONGTYPE);
  }
}
