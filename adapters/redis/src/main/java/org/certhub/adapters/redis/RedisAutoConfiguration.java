package org.certhub.adapters.redis;

import java.time.Duration;
import org.certhub.exchange.licence.LicenceCache;
import org.certhub.exchange.web.InProcessRateLimits;
import org.certhub.exchange.web.RateLimits;
import org.certhub.exchange.web.ReplayGuard;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Shared state on Redis, switched on by {@code certhub.redis.url} ({@code CERTHUB_REDIS_URL}) alone. Its beans are
 * {@code @Primary} over the hub's in-process ones (rate limits, replay guard, no cache), which stay as the fallback
 * of the rate limits. Tuning: {@code certhub.redis.timeout}, {@code .retry-after}, {@code .cache-ttl},
 * {@code .tombstone-ttl}, {@code .key-prefix} (docs/redis.md).
 */
@AutoConfiguration
@ConditionalOnExpression("'${certhub.redis.url:}'.trim() != ''")
public class RedisAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public RedisAutoConfiguration() {}

  @Bean(destroyMethod = "close")
  RedisStore certhubRedisStore(Environment env) {
    RedisSettings d = RedisSettings.of(env.getRequiredProperty("certhub.redis.url"));
    return new RedisStore(new RedisSettings(d.url(),
        env.getProperty("certhub.redis.timeout", Duration.class, d.timeout()),
        env.getProperty("certhub.redis.retry-after", Duration.class, d.retryAfter()),
        env.getProperty("certhub.redis.cache-ttl", Duration.class, d.cacheTtl()),
        env.getProperty("certhub.redis.tombstone-ttl", Duration.class, d.tombstoneTtl()),
        env.getProperty("certhub.redis.key-prefix", d.keyPrefix())));
  }

  @Bean
  @Primary
  RateLimits certhubRedisRateLimits(RedisStore redis, InProcessRateLimits local) {
    return new RedisRateLimits(redis, local);
  }

  @Bean(destroyMethod = "close")
  @Primary
  RedisLicenceCache certhubRedisLicenceCache(RedisStore redis) {
    return new RedisLicenceCache(redis);
  }

  @Bean
  @Primary
  ReplayGuard certhubRedisReplayGuard(RedisStore redis) {
    return new RedisReplayGuard(redis);
  }

  @Bean("redisHealthIndicator")
  RedisHealth redisHealthIndicator(RedisStore redis, RedisLicenceCache cache) {
    return new RedisHealth(redis, cache);
  }
}
