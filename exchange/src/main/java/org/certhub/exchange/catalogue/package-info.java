/** The licence-type catalogue (GB/T 36902 目录信息): codes per GB/T 36904, fields, issuers. */
package org.certhub.exchange.catalogue;
