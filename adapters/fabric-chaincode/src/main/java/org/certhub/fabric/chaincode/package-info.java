/**
 * The CertHub Hyperledger Fabric chaincode (contract {@code certhub}): checkpoint anchors and licence status. Runs on
 * JDK 17 as chaincode-as-a-service ({@code org.hyperledger.fabric.contract.ContractRouter} is the main class).
 */
package org.certhub.fabric.chaincode;
