package dev.cortado.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/** A cluster's or Sentinel deployment's connection for Spring Boot 4. */
final class BootFourTopologyDetails implements DataRedisConnectionDetails {
  private final TopologyDetails details;
  private final IntSupplier database;

  BootFourTopologyDetails(TopologyDetails details, IntSupplier database) {
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
