/**
 * Subscriptions (订阅): a consuming department hears when a licence it pulled for a matter is issued anew,
 * updated, revoked or expires. Events go through an outbox in the database and are delivered as signed
 * webhooks (Standard Webhooks headers, HMAC-SHA256) with retries and backoff, at least once; every delivery of
 * an event carries the same id, so receivers drop duplicates.
 */
package org.certhub.exchange.subscription;
