package org.certhub.adapters.fabric;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake Fabric network the adapter's tests share: one {@link FakePeer} (running the real chaincode) served over
 * gRPC in process, on the calling thread, and the organisations' members that joined it through the real
 * fabric-gateway client. {@link #close()} closes the members' connections, then the channel and the server.
 */
final class InProcessNetwork implements AutoCloseable {
  /**
   * One organisation's member: its identity files, its settings and its open connection to the peer.
   *
   * @param identity the certificate and key files ({@link TestNetwork#identity})
   */
  record Member(Path[] identity, FabricSettings settings, FabricConnection connection) {}

  final FakePeer peer;
  final Server server;
  final ManagedChannel channel;
  private final List<FabricConnection> connections = new ArrayList<>();

  private InProcessNetwork(FakePeer peer, Server server, ManagedChannel channel) {
    this.peer = peer;
    this.server = server;
    this.channel = channel;
  }

  /** A fresh peer with an empty world state, served in process. */
  static InProcessNetwork start() throws IOException {
    FakePeer peer = new FakePeer();
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(peer).build().start();
    return new InProcessNetwork(peer, server, InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  /** A member {@code name} of organisation {@code mspId}, with a fresh identity under {@code dir}, connected. */
  Member join(Path dir, String name, String mspId) throws Exception {
    Path[] id = TestNetwork.identity(Files.createDirectories(dir), name, mspId);
    FabricSettings settings = TestNetwork.settings("in-process", id, mspId);
    FabricConnection connection = connect(settings);
    connections.add(connection);
    return new Member(id, settings, connection);
  }

  /** A connection with {@code settings} that the caller closes. */
  FabricConnection connect(FabricSettings settings) throws IOException {
    return FabricConnection.over(channel, settings);
  }

  @Override
  public void close() {
    connections.forEach(FabricConnection::close);
    channel.shutdownNow();
    server.shutdownNow();
  }
}
