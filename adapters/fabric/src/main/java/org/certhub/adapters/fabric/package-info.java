/**
 * The Hyperledger Fabric adapter: checkpoint anchors and the licence status registry on a channel running the
 * certhub chaincode, through a peer's Gateway service (fabric-gateway).
 */
package org.certhub.adapters.fabric;
