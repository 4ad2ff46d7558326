package org.certhub.adapters.postgres;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Connection settings that apply only when the hub's database is PostgreSQL. It switches on by the URL alone
 * ({@code certhub.db.url=jdbc:postgresql://...}); on the embedded H2 it changes nothing.
 */
@AutoConfiguration
@ConditionalOnClass(HikariDataSource.class)
public class PostgresAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public PostgresAutoConfiguration() {}

  /** Applies {@link PostgresConnections} to the hub's connection pool. */
  @Bean
  static BeanPostProcessor certhubPostgresConnections() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        // After binding of spring.datasource.hikari.*, before the pool opens its first connection.
        if (bean instanceof HikariDataSource pool && PostgresConnections.isPostgres(pool.getJdbcUrl())) {
          PostgresConnections.defaults().forEach((k, v) -> pool.getDataSourceProperties().putIfAbsent(k, v));
        }
        return bean;
      }
    };
  }
}
