/**
 * The admin interface, for tests in other languages (internal: not API). Off by default; switched on
 * by {@code CortadoServer.Builder.adminPort(int)} or the standalone jar's {@code --admin-port}. It
 * maps JSON requests onto the Java API — stubs and verification of the mock layer, the journal,
 * direct data access, the manual clock, reset — over HTTP under {@code /__admin/} (the JDK's HTTP
 * server, bound to the Redis port's address) and as CORTADO.* commands on the Redis port, and
 * serves the console page at {@code /__admin/console/}.
 */
package dev.cortado.admin;
