/** Departments, their roles, and authentication of API callers by registered mTLS client certificates. */
package org.certhub.exchange.department;
