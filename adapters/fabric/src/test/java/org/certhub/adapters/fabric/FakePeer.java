package org.certhub.adapters.fabric;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.contract.RouterBridge;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * A peer's Gateway service in the test JVM, as a real one answers fabric-gateway: it decodes each signed proposal,
 * checks the client's ECDSA signature with the certificate of the proposal's creator (and the signatures of
 * transactions and status requests), runs the REAL certhub chaincode through the shim's {@code ContractRouter} over
 * an in-memory world state, returns the prepared transaction on endorse, applies its writes on submit (once per
 * transaction id; a repeat is committed as {@code DUPLICATE_TXID}) and answers commit status by transaction id.
 * Failures can be injected per call; counters say what the client did.
 */
public final class FakePeer extends GatewayGrpc.GatewayImplBase {
  static final String ADDRESS = "peer0.org1.example.com:7051";

  public final TreeMap<String, byte[]> state = new TreeMap<>();
  private final Map<String, Map<String, byte[]>> endorsed = new ConcurrentHashMap<>();
  private final Map<String, TxValidationCode> committed = new ConcurrentHashMap<>();
  private final Map<String, Long> blocks = new ConcurrentHashMap<>();
  private long height;

  final AtomicInteger endorseCalls = new AtomicInteger();
  final AtomicInteger submitCalls = new AtomicInteger();
  final AtomicInteger statusCalls = new AtomicInteger();
  public final AtomicInteger badSignatures = new AtomicInteger();
  /** Fail this many endorse calls with UNAVAILABLE (as when the endorsing peers are down). */
  final AtomicInteger failEndorse = new AtomicInteger();
  /** Fail this many commit status calls with DEADLINE_EXCEEDED (the commit not seen in time). */
  final AtomicInteger failStatus = new AtomicInteger();
  /** Commit the next submitted transactions with this code instead of VALID (null: VALID). */
  volatile TxValidationCode nextCode;

  /** One decoded, signature-checked proposal. */
  private record Call(String txId, String channel, Instant timestamp, byte[] creator, List<String> args,
      ByteString proposalPayload, ByteString signatureHeader) {}

  @Override
  public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> out) {
    endorseCalls.incrementAndGet();
    if (failEndorse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      out.onError(Status.UNAVAILABLE.withDescription("no peers available to endorse (injected)").asRuntimeException());
      return;
    }
    try {
      Call call = decode(request.getProposedTransaction());
      Map<String, byte[]> writes = new TreeMap<>();
      Chaincode.Response r = run(call, writes);
      if (r.getStatus() != Chaincode.Response.Status.SUCCESS) {
        out.onError(refusal(Status.Code.ABORTED, "failed to endorse transaction, see attached details for more info", r));
        return;
      }
      endorsed.put(call.txId(), writes);
      out.onNext(EndorseResponse.newBuilder().setPreparedTransaction(prepared(call, r)).build());
      out.onCompleted();
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      out.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> out) {
    try {
      Call call = decode(request.getProposedTransaction());
      Chaincode.Response r = run(call, new TreeMap<>());
      if (r.getStatus() != Chaincode.Response.Status.SUCCESS) {
        out.onError(refusal(Status.Code.UNKNOWN, "evaluate call to endorser returned error", r));
        return;
      }
      out.onNext(EvaluateResponse.newBuilder().setResult(response(r)).build());
      out.onCompleted();
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      out.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void submit(SubmitRequest request, StreamObserver<SubmitResponse> out) {
    submitCalls.incrementAndGet();
    try {
      Envelope env = request.getPreparedTransaction();
      Payload payload = Payload.parseFrom(env.getPayload());
      SignatureHeader sh = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
      verify(sh.getCreator().toByteArray(), env.getPayload().toByteArray(), env.getSignature().toByteArray());
      String txId = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId();
      synchronized (this) {
        TxValidationCode code;
        if (committed.containsKey(txId)) {
          code = TxValidationCode.DUPLICATE_TXID; // the copy is invalid; the first commit stands
        } else {
          code = nextCode != null ? nextCode : TxValidationCode.VALID;
          if (code == TxValidationCode.VALID) {
            state.putAll(endorsed.get(txId));
          }
          committed.put(txId, code);
          blocks.put(txId, ++height);
        }
      }
      out.onNext(SubmitResponse.getDefaultInstance());
      out.onCompleted();
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      out.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void commitStatus(SignedCommitStatusRequest request, StreamObserver<CommitStatusResponse> out) {
    statusCalls.incrementAndGet();
    try {
      CommitStatusRequest req = CommitStatusRequest.parseFrom(request.getRequest());
      verify(req.getIdentity().toByteArray(), request.getRequest().toByteArray(), request.getSignature().toByteArray());
      if (failStatus.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        out.onError(Status.DEADLINE_EXCEEDED.withDescription("commit status not seen in time (injected)").asRuntimeException());
        return;
      }
      TxValidationCode code = committed.get(req.getTransactionId());
      if (code == null) {
        out.onError(Status.DEADLINE_EXCEEDED.withDescription("transaction " + req.getTransactionId() + " not committed").asRuntimeException());
        return;
      }
      out.onNext(CommitStatusResponse.newBuilder().setResult(code).setBlockNumber(blocks.get(req.getTransactionId())).build());
      out.onCompleted();
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      out.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  /** Transactions committed as valid. */
  public long validCommits() {
    return committed.values().stream().filter(c -> c == TxValidationCode.VALID).count();
  }

  private Call decode(SignedProposal sp) throws InvalidProtocolBufferException, GeneralSecurityException {
    var proposal = org.hyperledger.fabric.protos.peer.Proposal.parseFrom(sp.getProposalBytes());
    Header header = Header.parseFrom(proposal.getHeader());
    ChannelHeader ch = ChannelHeader.parseFrom(header.getChannelHeader());
    SignatureHeader sh = SignatureHeader.parseFrom(header.getSignatureHeader());
    verify(sh.getCreator().toByteArray(), sp.getProposalBytes().toByteArray(), sp.getSignature().toByteArray());
    ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(proposal.getPayload());
    ChaincodeInvocationSpec cis = ChaincodeInvocationSpec.parseFrom(cpp.getInput());
    List<String> args = cis.getChaincodeSpec().getInput().getArgsList().stream().map(ByteString::toStringUtf8).toList();
    Instant ts = Instant.ofEpochSecond(ch.getTimestamp().getSeconds(), ch.getTimestamp().getNanos());
    return new Call(ch.getTxId(), ch.getChannelId(), ts, sh.getCreator().toByteArray(), args, proposal.getPayload(),
        header.getSignatureHeader());
  }

  /** SHA256withECDSA by the creator's certificate, as a peer's MSP checks it. */
  private void verify(byte[] creator, byte[] message, byte[] signature) throws GeneralSecurityException, InvalidProtocolBufferException {
    SerializedIdentity id = SerializedIdentity.parseFrom(creator);
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(id.getIdBytes().toByteArray()));
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(cert.getPublicKey());
    v.update(message);
    if (!v.verify(signature)) {
      badSignatures.incrementAndGet();
      throw new GeneralSecurityException("signature of " + id.getMspid() + " does not verify");
    }
  }

  // One chaincode run at a time, under the same lock as the commits in submit: with the whole hub as client, the
  // anchor and the status relay call from two threads, and the world state is a plain TreeMap.
  private synchronized Chaincode.Response run(Call call, Map<String, byte[]> writes) {
    ChaincodeStub stub = mock(ChaincodeStub.class);
    when(stub.getTxId()).thenReturn(call.txId());
    when(stub.getChannelId()).thenReturn(call.channel());
    when(stub.getTxTimestamp()).thenReturn(call.timestamp());
    when(stub.getCreator()).thenReturn(call.creator());
    when(stub.getFunction()).thenReturn(call.args().get(0));
    when(stub.getParameters()).thenReturn(call.args().subList(1, call.args().size()));
    when(stub.getStringArgs()).thenReturn(call.args());
    when(stub.getArgs()).thenReturn(call.args().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    when(stub.createCompositeKey(anyString(), any(String[].class)))
        .thenAnswer(a -> new CompositeKey(a.getArgument(0), tail(a.getRawArguments())));
    // Reads see the committed state, never this transaction's own writes (as in Fabric's simulation).
    when(stub.getState(anyString())).thenAnswer(a -> state.getOrDefault((String) a.getArgument(0), new byte[0]).clone());
    doAnswer(a -> writes.put(a.getArgument(0), ((byte[]) a.getArgument(1)).clone())).when(stub).putState(anyString(), any(byte[].class));
    when(stub.getStateByPartialCompositeKey(any(CompositeKey.class))).thenAnswer(a -> range(a.getArgument(0).toString()));
    return RouterBridge.router().invoke(stub);
  }

  private static Envelope prepared(Call call, Chaincode.Response r) {
    ChaincodeAction action = ChaincodeAction.newBuilder().setResponse(response(r)).build();
    ProposalResponsePayload prp = ProposalResponsePayload.newBuilder().setExtension(action.toByteString()).build();
    ChaincodeActionPayload cap = ChaincodeActionPayload.newBuilder()
        .setChaincodeProposalPayload(call.proposalPayload())
        .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(prp.toByteString()))
        .build();
    Transaction tx = Transaction.newBuilder()
        .addActions(TransactionAction.newBuilder().setHeader(call.signatureHeader()).setPayload(cap.toByteString()))
        .build();
    ChannelHeader ch = ChannelHeader.newBuilder()
        .setType(HeaderType.ENDORSER_TRANSACTION_VALUE).setChannelId(call.channel()).setTxId(call.txId()).build();
    Payload payload = Payload.newBuilder()
        .setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()).setSignatureHeader(call.signatureHeader()))
        .setData(tx.toByteString())
        .build();
    return Envelope.newBuilder().setPayload(payload.toByteString()).build();
  }

  private static Response response(Chaincode.Response r) {
    return Response.newBuilder().setStatus(r.getStatus().getCode()).setMessage(String.valueOf(r.getMessage()))
        .setPayload(ByteString.copyFrom(r.getPayload() == null ? new byte[0] : r.getPayload())).build();
  }

  /** As a Gateway reports a chaincode error: the status, and the endorser's message in an ErrorDetail. */
  private static io.grpc.StatusRuntimeException refusal(Status.Code code, String message, Chaincode.Response r) {
    ErrorDetail d = ErrorDetail.newBuilder().setAddress(ADDRESS).setMspId("Org1MSP")
        .setMessage("chaincode response " + r.getStatus().getCode() + ", " + r.getMessage()).build();
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code.value()).setMessage(message).addDetails(Any.pack(d)).build());
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
      String key = e.getKey();
      byte[] value = e.getValue().clone();
      hits.add(new KeyValue() {
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
      });
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
}
