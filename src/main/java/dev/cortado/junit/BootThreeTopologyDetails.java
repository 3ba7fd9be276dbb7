package dev.cortado.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;

/** A cluster's or Sentinel deployment's connection for Spring Boot 3 (3.1 and later). */
final class BootThreeTopologyDetails implements RedisConnectionDetails {
  private final TopologyDetails details;
  private final IntSupplier database;

  BootThreeTopologyDetails(TopologyDetails details, IntSupplier database) {
    this.details = details;
    this.database = database;
  }

  private List<Node> nodes() {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < details.hosts().size(); i++) {
      out.add(new Node(details.hosts().get(i), details.ports().get(i)));
    }
    return out;
  }

  @Override
  public String getPassword() {
    return details.password();
  }

  @Override
  public Cluster getCluster() {
    return details.sentinel() ? null : this::nodes;
  }

  @Override
  public Sentinel getSentinel() {
    if (!details.sentinel()) {
      return null;
    }
    return new Sentinel() {
      @Override
      public int getDatabase() {
        return database.getAsInt();
      }

      @Override
      public String getMaster() {
        return details.masterName();
      }

      @Override
      public List<Node> getNodes() {
        return nodes();
      }

      @Override
      public String getUsername() {
        return null;
      }

      @Override
      public String getPassword() {
        return null; // the Sentinels take none
      }
    };
  }

  @Override
  public String toString() {
    return "Cortado " + (details.sentinel() ? "Sentinels " : "cluster ") + details.ports();
  }
}
