package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Encodings and refcounts as redis-server 7.0.15 reports them for the same strings. */
class StringValueTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void encoding_ofSetValues() {
    assertThat(new StringValue(b("-1")).encoding()).isEqualTo("int");
    assertThat(new StringValue(b("9223372036854775807")).encoding()).isEqualTo("int");
    for (String notInt : new String[] {"12345678901234567890", "-0", "+1", "01", "1.5", ""}) {
      assertThat(new StringValue(b(notInt)).encoding()).as(notInt).isEqualTo("embstr");
    }
    assertThat(new StringValue(b("x".repeat(44))).encoding()).isEqualTo("embstr");
    assertThat(new StringValue(b("x".repeat(45))).encoding()).isEqualTo("raw");
  }

  @Test
  void encoding_ofAppendedValuesIsRaw() {
    assertThat(new StringValue(b("15"), true).encoding()).isEqualTo("raw");
  }

  @Test
  void encoding_ofPlainValuesIsNeverInt() {
    assertThat(StringValue.plain(b("1")).encoding()).isEqualTo("embstr");
    assertThat(StringValue.plain(b("1".repeat(45))).encoding()).isEqualTo("raw");
    assertThat(StringValue.plain(b("1")).isSharedInteger()).isFalse();
  }

  @Test
  void copy_keepsTheEncoding() {
    assertThat(StringValue.plain(b("1")).copy().encoding()).isEqualTo("embstr");
    assertThat(new StringValue(b("1"), true).copy().encoding()).isEqualTo("raw");
    assertThat(new StringValue(b("1")).copy().encoding()).isEqualTo("int");
  }

  @Test
  void isSharedInteger_forZeroTo9999() {
    assertThat(new StringValue(b("0")).isSharedInteger()).isTrue();
    assertThat(new StringValue(b("9999")).isSharedInteger()).isTrue();
    assertThat(new StringValue(b("10000")).isSharedInteger()).isFalse();
    assertThat(new StringValue(b("-1")).isSharedInteger()).isFalse();
    assertThat(new StringValue(b("5"), true).isSharedInteger()).isFalse();
    assertThat(((StringValue) new StringValue(b("5")).copy()).isSharedInteger()).isFalse();
  }

  // Copy on share: a value written in place never changes an array it has handed out.

  @Test
  void writable_copiesAnArrayGivenToTheConstructor() {
    byte[] argument = b("abc");
    StringValue v = new StringValue(argument);
    v.writable(3)[0] = 'x';
    assertThat(argument).isEqualTo(b("abc")); // a client's argument may be journaled or queued
    assertThat(v.bytes()).isEqualTo(b("xbc"));
    assertThat(v.encoding()).isEqualTo("raw");
  }

  @Test
  void bytes_takenBeforeAWriteNeverChange() {
    StringValue v = StringValue.rawOwned(new byte[4]);
    byte[] before = v.bytes();
    v.writable(4)[1] = 7;
    assertThat(before).isEqualTo(new byte[4]);
    assertThat(v.bytes()).containsExactly(0, 7, 0, 0);
  }

  @Test
  void writable_writesInPlaceWhileNothingWasHandedOut() {
    StringValue v = StringValue.rawOwned(new byte[16]);
    byte[] first = v.writable(16);
    byte[] second = v.writable(16);
    assertThat(second).isSameAs(first);
    second[3] = 1;
    assertThat(v.readBuffer()[3]).isEqualTo((byte) 1);
  }

  @Test
  void writable_growsWithSpareRoomAndZeros() {
    StringValue v = new StringValue(b("ab"), true);
    byte[] buf = v.writable(5);
    assertThat(v.length()).isEqualTo(5);
    assertThat(buf.length).isGreaterThanOrEqualTo(10); // doubled: the next appends copy nothing
    assertThat(v.bytes()).containsExactly('a', 'b', 0, 0, 0); // exactly its length
    assertThat(v.writable(3)).hasSizeGreaterThanOrEqualTo(5);
    assertThat(v.length()).isEqualTo(5); // writable never shortens
  }

  @Test
  void bytes_isExactlyTheLengthAndStableAcrossReads() {
    StringValue v = StringValue.plain(new byte[] {1, 2, 3});
    byte[] once = v.bytes();
    assertThat(once).containsExactly(1, 2, 3);
    assertThat(v.bytes()).isSameAs(once); // a value made to measure hands out its own buffer
  }

  @Test
  void bytes_ofAValueWrittenInPlace_keepTheSdsSpareRoom() {
    StringValue v = StringValue.rawOwned(new byte[2]);
    v.writable(3)[2] = 9;
    long avail = v.sdsAvail();
    assertThat(avail).isPositive(); // grown as sdsMakeRoomFor grows
    byte[] once = v.bytes();
    assertThat(once).containsExactly(0, 0, 9);
    once[0] = 7; // the caller's array, not the value's buffer
    assertThat(v.bytes()).containsExactly(0, 0, 9);
    assertThat(v.sdsAvail()).isEqualTo(avail); // a read does not trim what Redis keeps
    v.writable(3 + (int) avail)[2 + (int) avail] = 1; // fits: no growth, so no new spare room
    assertThat(v.sdsAvail()).isZero();
  }

  @Test
  void copy_sharesUntilEitherIsWritten() {
    StringValue original = StringValue.rawOwned(b("abcd"));
    StringValue copy = (StringValue) original.copy();
    copy.writable(4)[0] = 'z';
    assertThat(original.bytes()).isEqualTo(b("abcd"));
    original.writable(4)[1] = 'y';
    assertThat(copy.bytes()).isEqualTo(b("zbcd"));
    assertThat(original.bytes()).isEqualTo(b("aycd"));
  }

  @Test
  void markRaw_changesOnlyTheEncoding() {
    byte[] argument = b("123");
    StringValue v = new StringValue(argument);
    v.markRaw();
    assertThat(v.encoding()).isEqualTo("raw");
    assertThat(v.bytes()).isSameAs(argument);
  }

  @Test
  void copyRange_isACopy() {
    StringValue v = StringValue.rawOwned(b("hello"));
    byte[] range = v.copyRange(1, 3);
    v.writable(5)[1] = 'X';
    assertThat(range).isEqualTo(b("el"));
  }
}
