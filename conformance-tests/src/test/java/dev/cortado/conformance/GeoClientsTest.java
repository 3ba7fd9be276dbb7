package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.geo.Circle;
import org.springframework.data.geo.Distance;
import org.springframework.data.geo.GeoResult;
import org.springframework.data.geo.GeoResults;
import org.springframework.data.geo.Metrics;
import org.springframework.data.geo.Point;
import org.springframework.data.redis.connection.RedisGeoCommands.DistanceUnit;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoLocation;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoRadiusCommandArgs;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoSearchCommandArgs;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoSearchStoreCommandArgs;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.GeoOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.domain.geo.GeoReference;
import org.springframework.data.redis.domain.geo.GeoShape;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GeoAddParams;
import redis.clients.jedis.params.GeoRadiusParam;
import redis.clients.jedis.params.GeoRadiusStoreParam;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

/**
 * Geo indexes as applications use them through Spring Data Redis's {@code opsForGeo()}, against
 * redis-server and Cortado: add (one point, a map, locations), position, hash, distance in several
 * metrics, radius searches around a point and a member with distances and coordinates, GEOSEARCH
 * by radius and box, and GEOSEARCHSTORE; and Jedis in RESP2 and RESP3 (coordinates as doubles),
 * with GEOADD's options, COUNT ANY, WITHHASH and the STORE variants. Every expected value is what Redis 7.0 answers (parsed
 * by the client from Redis's text), so a failure against the real Redis is a broken test.
 */
@Timeout(60)
class GeoClientsTest {

    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_geoOperations(ClientHandshakeTest.Named target) {
        LettuceConnectionFactory factory = springFactory(target.server());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            GeoOperations<String, String> geo = template.opsForGeo();
            String k = "geo:spring:sicily";
            String dst = "geo:spring:dst";
            String str = "geo:spring:string";
            template.delete(List.of(k, dst, str));

            // GEOADD: one point, a map, locations; an existing member is updated, not added
            assertThat(geo.add(k, new Point(13.361389, 38.115556), "Palermo")).isEqualTo(1L);
            Map<String, Point> more = new LinkedHashMap<>();
            more.put("Catania", new Point(15.087269, 37.502669));
            more.put("Palermo", new Point(13.361389, 38.115556));
            assertThat(geo.add(k, more)).isEqualTo(1L);
            assertThat(geo.add(k, List.of(new GeoLocation<>("Agrigento", new Point(13.583333, 37.316667)),
                    new GeoLocation<>("Rome", new Point(12.496366, 41.902782))))).isEqualTo(2L);
            assertThat(template.type(k).code()).isEqualTo("zset");
            assertThat(template.opsForZSet().score(k, "Palermo")).isEqualTo(3479099956230698.0);

            // GEOPOS: the cell's centre, as Redis prints it; a missing member is null
            List<Point> positions = geo.position(k, "Palermo", "nowhere", "Rome");
            assertThat(positions).hasSize(3);
            assertThat(positions.get(0)).isEqualTo(new Point(13.36138933897018433, 38.11555639549629859));
            assertThat(positions.get(1)).isNull();
            assertThat(positions.get(2)).isEqualTo(new Point(12.49636620283126831, 41.90278213378983452));

            // GEOHASH: standard 11-character geohashes
            assertThat(geo.hash(k, "Palermo", "Catania", "nowhere", "Rome"))
                    .containsExactly("sqc8b49rny0", "sqdtr74hyu0", null, "sr2ykk5t6k0");

            // GEODIST: meters by default, or the metric's unit; a missing member is null
            assertThat(geo.distance(k, "Palermo", "Catania", Metrics.KILOMETERS).getValue()).isEqualTo(166.2742);
            assertThat(geo.distance(k, "Palermo", "Rome").getValue()).isEqualTo(427629.4625);
            assertThat(geo.distance(k, "Palermo", "Rome", Metrics.MILES).getValue()).isEqualTo(265.7173);
            assertThat(geo.distance(k, "Palermo", "nowhere")).isNull();

            // GEORADIUS with distances and coordinates, nearest first
            GeoResults<GeoLocation<String>> near = geo.radius(k,
                    new Circle(new Point(15, 37), new Distance(200, Metrics.KILOMETERS)),
                    GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().includeCoordinates().sortAscending());
            assertThat(names(near)).containsExactly("Catania", "Agrigento", "Palermo");
            assertThat(distances(near)).containsExactly(56.4413, 130.4235, 190.4424);
            assertThat(near.getContent().get(1).getContent().getPoint())
                    .isEqualTo(new Point(13.5833314061164856, 37.31666804993816555));
            assertThat(names(geo.radius(k, new Circle(new Point(15, 37), new Distance(200, Metrics.KILOMETERS)),
                    GeoRadiusCommandArgs.newGeoRadiusArgs().sortDescending().limit(2))))
                    .containsExactly("Palermo", "Agrigento");

            // GEORADIUSBYMEMBER
            GeoResults<GeoLocation<String>> aroundPalermo = geo.radius(k, "Palermo",
                    new Distance(100, Metrics.KILOMETERS),
                    GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().sortAscending());
            assertThat(names(aroundPalermo)).containsExactly("Palermo", "Agrigento");
            assertThat(distances(aroundPalermo)).containsExactly(0.0, 90.9778);

            // GEOSEARCH by box around a point, by radius around a member with COUNT
            GeoResults<GeoLocation<String>> box = geo.search(k, GeoReference.fromCoordinate(new Point(15, 37)),
                    GeoShape.byBox(400, 400, DistanceUnit.KILOMETERS),
                    GeoSearchCommandArgs.newGeoSearchArgs().includeDistance().sortAscending());
            assertThat(names(box)).containsExactly("Catania", "Agrigento", "Palermo");
            assertThat(distances(box)).containsExactly(56.4413, 130.4235, 190.4424);
            GeoResults<GeoLocation<String>> fromRome = geo.search(k, GeoReference.fromMember("Rome"),
                    GeoShape.byRadius(new Distance(500, Metrics.KILOMETERS)),
                    GeoSearchCommandArgs.newGeoSearchArgs().includeDistance().sortAscending().limit(2));
            assertThat(names(fromRome)).containsExactly("Rome", "Palermo");
            assertThat(distances(fromRome)).containsExactly(0.0, 427.6295);

            // GEOSEARCHSTORE STOREDIST: the distances become the scores
            assertThat(geo.searchAndStore(k, dst, GeoReference.fromCoordinate(new Point(15, 37)),
                    GeoShape.byRadius(new Distance(200, Metrics.KILOMETERS)),
                    GeoSearchStoreCommandArgs.newGeoSearchStoreArgs().storeDistance())).isEqualTo(3L);
            assertThat(template.opsForZSet().range(dst, 0, -1)).containsExactly("Catania", "Agrigento", "Palermo");
            assertThat(template.opsForZSet().score(dst, "Catania")).isEqualTo(56.441257870158204);

            // GEOREM is ZREM
            assertThat(geo.remove(k, "Rome", "nowhere")).isEqualTo(1L);
            assertThat(geo.position(k, "Rome")).containsExactly((Point) null);

            template.opsForValue().set(str, "v");
            assertThatThrownBy(() -> geo.add(str, new Point(1, 2), "x")).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThatThrownBy(() -> geo.position(str, "x")).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThat(template.delete(List.of(k, dst, str))).isEqualTo(3L);
        } finally {
            factory.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_geoCommandsInBothProtocols(ClientHandshakeTest.Named target) {
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            jedisGeo(target.server(), protocol);
        }
    }

    private static void jedisGeo(Server s, RedisProtocol protocol) {
        String k = "geo:jedis:{g}:sicily";
        String dst = "geo:jedis:{g}:dst";
        try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).build())) {
            jedis.del(k, dst);
            Map<String, GeoCoordinate> points = new LinkedHashMap<>();
            points.put("Palermo", new GeoCoordinate(13.361389, 38.115556));
            points.put("Catania", new GeoCoordinate(15.087269, 37.502669));
            points.put("Agrigento", new GeoCoordinate(13.583333, 37.316667));
            assertThat(jedis.geoadd(k, points)).isEqualTo(3L);

            // COUNT 2 ANY: the first two found, in the cells' order, with every WITH option
            List<GeoRadiusResponse> any = jedis.geosearch(k, new GeoSearchParam().fromLonLat(15, 37)
                    .byRadius(200, GeoUnit.KM).withHash().withDist().withCoord().count(2, true));
            assertThat(any).extracting(GeoRadiusResponse::getMemberByString).containsExactly("Agrigento", "Palermo");
            assertThat(any).extracting(GeoRadiusResponse::getDistance).containsExactly(130.4235, 190.4424);
            assertThat(any).extracting(GeoRadiusResponse::getRawScore)
                    .containsExactly(3479030013248308L, 3479099956230698L);
            assertThat(any.get(1).getCoordinate()).isEqualTo(new GeoCoordinate(13.36138933897018433, 38.11555639549629859));

            // GEOADD XX CH: only the existing member moves, and counts as changed
            Map<String, GeoCoordinate> moves = new LinkedHashMap<>();
            moves.put("Agrigento", new GeoCoordinate(13.6, 37.3));
            moves.put("nope", new GeoCoordinate(1, 1));
            assertThat(jedis.geoadd(k, new GeoAddParams().xx().ch(), moves)).isEqualTo(1L);
            assertThat(jedis.geopos(k, "Agrigento", "nope"))
                    .containsExactly(new GeoCoordinate(13.59999865293502808, 37.2999997235943539), null);
            assertThat(jedis.geohash(k, "Palermo")).containsExactly("sqc8b49rny0");
            assertThat(jedis.geodist(k, "Palermo", "Catania", GeoUnit.KM)).isEqualTo(166.2742);

            // GEORADIUS ... STORE and GEOSEARCHSTORE ... STOREDIST
            assertThat(jedis.georadiusStore(k, 15, 37, 200, GeoUnit.KM,
                    GeoRadiusParam.geoRadiusParam().sortDescending().count(2),
                    new GeoRadiusStoreParam().store(dst))).isEqualTo(2L);
            assertThat(jedis.zrangeWithScores(dst, 0, -1)).extracting(t -> t.getElement() + "=" + (long) t.getScore())
                    .containsExactly("Agrigento=3479029960039998", "Palermo=3479099956230698");
            assertThat(jedis.geosearchStoreStoreDist(dst, k, new GeoSearchParam().fromLonLat(15, 37)
                    .byRadius(100, GeoUnit.KM))).isEqualTo(1L);
            assertThat(jedis.zscore(dst, "Catania")).isEqualTo(56.441257870158204);

            assertThatThrownBy(() -> jedis.geosearch(k, new GeoSearchParam().fromMember("nope").byRadius(1, GeoUnit.M)))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR could not decode requested zset member");
            jedis.del(k, dst);
        }
    }

    private static List<String> names(GeoResults<GeoLocation<String>> results) {
        return results.getContent().stream().map(r -> r.getContent().getName()).toList();
    }

    private static List<Double> distances(GeoResults<GeoLocation<String>> results) {
        return results.getContent().stream().map(GeoResult::getDistance).map(Distance::getValue).toList();
    }

    private static LettuceConnectionFactory springFactory(Server s) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
