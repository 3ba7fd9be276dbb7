/**
 * AssertJ assertions on a server's data, from {@link dev.cortado.assertj.CortadoAssertions}:
 * database sizes and keys ({@link dev.cortado.assertj.RedisAssert}), and one key's type, value, TTL,
 * hash fields, set members, list elements and sorted-set scores ({@link
 * dev.cortado.assertj.KeyAssert}). A failure shows what the database actually holds.
 *
 * <p>Cortado declares AssertJ as a provided dependency: this package works with the AssertJ on the
 * test classpath.
 */
package dev.cortado.assertj;
