package org.certhub.fabric.chaincode;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * An in-memory world state standing in for a peer: a sorted map of keys (so partial composite key
 * queries come back in key order, as from a peer), {@code byte[0]} for absent keys, and the events
 * each transaction set. Each {@link #tx} gives a fresh Mockito stub and identity over the same
 * state, as one transaction by one organisation.
 */
final class FakeLedger {
  final TreeMap<String, byte[]> state = new TreeMap<>();
  /** Events of the last transaction, by name (a peer keeps only the last setEvent of a transaction). */
  final Map<String, String> events = new LinkedHashMap<>();
  private int txCount;

  Context tx(String mspId) {
    return tx(mspId, Instant.parse("2026-12-07T06:00:00Z").plusSeconds(txCount));
  }

  Context tx(String mspId, Instant timestamp) {
    ChaincodeStub stub = stub(timestamp);
    ClientIdentity id = mock(ClientIdentity.class);
    when(id.getMSPID()).thenReturn(mspId);
    Context ctx = mock(Context.class);
    when(ctx.getStub()).thenReturn(stub);
    when(ctx.getClientIdentity()).thenReturn(id);
    return ctx;
  }

  /** A stub for one transaction over this state (clears the events of the previous one). */
  ChaincodeStub stub(Instant timestamp) {
    events.clear();
    String txId = "tx" + (++txCount);
    ChaincodeStub stub = mock(ChaincodeStub.class);
    when(stub.getTxId()).thenReturn(txId);
    when(stub.getTxTimestamp()).thenReturn(timestamp);
    when(stub.createCompositeKey(anyString(), any(String[].class)))
        .thenAnswer(a -> new CompositeKey(a.getArgument(0), tail(a.getRawArguments())));
    when(stub.getState(anyString())).thenAnswer(a -> state.getOrDefault((String) a.getArgument(0), new byte[0]));
    org.mockito.Mockito.doAnswer(a -> state.put(a.getArgument(0), ((byte[]) a.getArgument(1)).clone()))
        .when(stub).putState(anyString(), any(byte[].class));
    org.mockito.Mockito.doAnswer(a -> events.put(a.getArgument(0), new String((byte[]) a.getArgument(1),
            StandardCharsets.UTF_8)))
        .when(stub).setEvent(anyString(), any(byte[].class));
    when(stub.getStateByPartialCompositeKey(any(CompositeKey.class)))
        .thenAnswer(a -> range(a.getArgument(0).toString()));
    return stub;
  }

  private static String[] tail(Object[] raw) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < raw.length; i++) {
      if (raw[i] instanceof String[] arr) {
        out.addAll(List.of(arr));
      } else {
        out.add((String) raw[i]);
      }
    }
    return out.toArray(String[]::new);
  }

  private QueryResultsIterator<KeyValue> range(String prefix) {
    List<KeyValue> hits = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : state.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      hits.add(kv(e.getKey(), e.getValue()));
    }
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<KeyValue> iterator() {
        return hits.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private static KeyValue kv(String key, byte[] value) {
    return new KeyValue() {
      @Override
      public String getKey() {
        return key;
      }

      @Override
      public byte[] getValue() {
        return value.clone();
      }

      @Override
      public String getStringValue() {
        return new String(value, StandardCharsets.UTF_8);
      }
    };
  }
}
