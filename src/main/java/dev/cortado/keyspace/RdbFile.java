package dev.cortado.keyspace;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Whole RDB files as Redis 7.0 writes them (rdbSaveRio): "REDIS0010", the aux fields, the function
 * libraries, each non-empty database (SELECTDB, RESIZEDB, then per key its deadline, type, name and
 * value), EOF and the CRC-64 of it all. Reads what Redis 7.0 writes, and the older plain types.
 */
final class RdbFile {
  static final int OP_FUNCTION2 = 245;
  static final int OP_FUNCTION_PRE_GA = 246;
  static final int OP_MODULE_AUX = 247;
  static final int OP_IDLE = 248;
  static final int OP_FREQ = 249;
  static final int OP_AUX = 250;
  static final int OP_RESIZEDB = 251;
  static final int OP_EXPIRETIME_MS = 252;
  static final int OP_EXPIRETIME = 253;
  static final int OP_SELECTDB = 254;
  static final int OP_EOF = 255;
  /** The version Cortado answers to INFO's redis_version, written as "redis-ver". */
  private static final String REDIS_VERSION = "7.0.15";

  private RdbFile() {}

  /**
   * Writes a snapshot. {@code functions} is FUNCTION DUMP's payload without its footer (the
   * libraries' opcodes and code, exactly as an RDB file holds them), empty when there are none.
   */
  static void write(OutputStream os, Database[] dbs, Rdb.Settings s, long nowMillis,
      long usedMemory, byte[] functions, boolean checksum) {
    Rdb.Out out = new Rdb.Out(os, s.compress());
    out.write("REDIS0010".getBytes(StandardCharsets.US_ASCII));
    aux(out, "redis-ver", REDIS_VERSION);
    aux(out, "redis-bits", "64");
    aux(out, "ctime", Long.toString(nowMillis / 1000));
    aux(out, "used-mem", Long.toString(usedMemory));
    aux(out, "aof-base", "0");
    out.write(functions);
    for (Database db : dbs) {
      List<Map.Entry<byte[], Value>> entries = db.entries();
      if (entries.isEmpty()) {
        continue;
      }
      out.write(OP_SELECTDB);
      out.writeLength(db.index());
      out.write(OP_RESIZEDB);
      out.writeLength(entries.size());
      long expiring = 0;
      for (Map.Entry<byte[], Value> e : entries) {
        if (e.getValue().expiresAt() != Value.NO_EXPIRY) {
          expiring++;
        }
      }
      out.writeLength(expiring);
      for (Map.Entry<byte[], Value> e : entries) {
        Value v = e.getValue();
        if (v.expiresAt() != Value.NO_EXPIRY) {
          out.write(OP_EXPIRETIME_MS);
          out.writeLittleEndian(v.expiresAt(), 8);
        }
        byte[] payload = valueBytes(v, s);
        out.write(payload, 0, 1); // the type
        out.writeString(e.getKey());
        out.write(payload, 1, payload.length - 1);
      }
    }
    out.write(OP_EOF);
    if (checksum) {
      out.writeCrc();
    } else {
      out.writeCrc(0);
    }
  }

  /** A value's type byte and body, as in a DUMP payload without the footer. */
  private static byte[] valueBytes(Value v, Rdb.Settings s) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new Rdb.Out(buf, s.compress()).writeValue(v, s);
    return buf.toByteArray();
  }

  private static void aux(Rdb.Out out, String key, String value) {
    out.write(OP_AUX);
    out.writeString(key);
    out.writeString(value);
  }

  /**
   * Loads a file into the databases (which the caller emptied), as a primary does: keys whose
   * deadline has passed are skipped. {@link Rdb.Malformed} when the file is not one Redis 7.0
   * would load, with the reason.
   */
  static Rdb.Loaded load(byte[] file, Database[] dbs, Rdb.Settings s, long now) {
    if (file.length < 9 || !new String(file, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
      throw new Rdb.Malformed("Wrong signature trying to load DB from file");
    }
    int version;
    try {
      version = Integer.parseInt(new String(file, 5, 4, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      version = -1;
    }
    if (version < 1 || version > Rdb.VERSION) {
      throw new Rdb.Malformed("Can't handle RDB format version " + version);
    }
    Rdb.In in = new Rdb.In(file, file.length);
    in.pos = 9;
    Database db = dbs[0];
    long expiresAt = Value.NO_EXPIRY;
    long idle = -1;
    long keys = 0;
    long expired = 0;
    ByteArrayOutputStream functions = null;
    while (true) {
      int type = in.u8();
      switch (type) {
        case OP_EXPIRETIME_MS:
          expiresAt = in.littleEndian(8);
          continue;
        case OP_EXPIRETIME:
          expiresAt = in.littleEndian(4) * 1000;
          continue;
        case OP_FREQ:
          in.u8();
          continue;
        case OP_IDLE:
          idle = in.length();
          continue;
        case OP_SELECTDB: {
          long index = in.length();
          if (index < 0 || index >= dbs.length) {
            throw new Rdb.Malformed("FATAL: Data file was created with a Redis server configured "
                + "to handle more than " + dbs.length + " databases. Exiting");
          }
          db = dbs[(int) index];
          continue;
        }
        case OP_RESIZEDB:
          in.length();
          in.length();
          continue;
        case OP_AUX:
          in.string();
          in.string();
          continue;
        case OP_MODULE_AUX:
          throw new Rdb.Malformed("The RDB file contains AUX module data I can't load");
        case OP_FUNCTION2: {
          int start = in.pos - 1;
          in.string();
          if (functions == null) {
            functions = new ByteArrayOutputStream();
          }
          functions.write(file, start, in.pos - start);
          continue;
        }
        case OP_FUNCTION_PRE_GA:
          throw new Rdb.Malformed("Pre-release function format not supported");
        case OP_EOF:
          break;
        default: {
          byte[] key = in.string();
          Value v = in.readValue(type, s);
          if (v != null) {
            if (expiresAt != Value.NO_EXPIRY && expiresAt <= now) {
              expired++;
            } else {
              db.put(key, v, expiresAt);
              if (idle >= 0) {
                Rdb.setIdle(v, now, idle);
              }
              keys++;
            }
          }
          expiresAt = Value.NO_EXPIRY;
          idle = -1;
          continue;
        }
      }
      break;
    }
    if (version >= 5) {
      long expected = in.littleEndian(8);
      if (expected != 0 && expected != Crc64.of(file, 0, in.pos - 8)) {
        throw new Rdb.Malformed("Wrong RDB checksum");
      }
    }
    byte[] payload = null;
    if (functions != null) {
      // FUNCTION RESTORE's payload: the libraries, the version, the CRC-64.
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      Rdb.Out out = new Rdb.Out(buf, false);
      out.write(functions.toByteArray());
      out.write(Rdb.VERSION & 0xff);
      out.write(Rdb.VERSION >> 8);
      out.writeCrc();
      payload = buf.toByteArray();
    }
    return new Rdb.Loaded(keys, expired, payload);
  }
}
