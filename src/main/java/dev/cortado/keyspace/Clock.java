package dev.cortado.keyspace;

/**
 * The time a server lives by. Nothing in Cortado reads the wall clock directly, so a test can swap in a
 * manual clock and make a 24-hour TTL pass in microseconds.
 */
public interface Clock {
  /** Milliseconds since the Unix epoch. */
  long millis();

  /** Microseconds since the Unix epoch (TIME); the system clock gives real microseconds. */
  default long micros() {
    return millis() * 1000;
  }

  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
