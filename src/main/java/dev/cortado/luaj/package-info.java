/**
 * A fork of LuaJ 3.0.1 (MIT; its notice is in each file and in the jar's
 * {@code META-INF/cortado/THIRD-PARTY-NOTICES.txt}): the pure-Java Lua interpreter Cortado runs
 * scripts on. Internal, not API. Relocated from {@code org.luaj} so that it never meets an
 * application's own LuaJ (its string metatable is a JVM-wide static) and changed, each change marked
 * "Cortado:", to behave as the Lua 5.1 Redis embeds: numbers printed as {@code %.14g}, error
 * positions and texts, no first-line skipping, -0, IEEE division, daemon coroutine threads,
 * read-only tables, string.format and tonumber as C's printf and strtod. Only the core, the compiler
 * and the base, string, table, math, coroutine and package libraries are kept.
 */
package dev.cortado.luaj;
