package org.certhub.hub.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.certhub.exchange.department.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description at {@code /v3/api-docs} and its browsable UI at {@code /swagger-ui/index.html}.
 * The {@link Caller} parameter is resolved from the TLS client certificate, so it is no request field:
 * the description shows mutual TLS as the security scheme instead.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {
  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenAPI certhubOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("CertHub API")
            .version("v1")
            .description("E-licence issuing and sharing between departments under policy, every access recorded in a verifiable"
                + " ledger. Errors are RFC 9457 application/problem+json with a stable code.")
            .license(new License().name("Apache-2.0")))
        .components(new Components().addSecuritySchemes("mtls", new SecurityScheme().type(SecurityScheme.Type.MUTUALTLS)
            .description("a client certificate issued by the hub CA and registered to a department")))
        .addSecurityItem(new SecurityRequirement().addList("mtls"));
  }
}
